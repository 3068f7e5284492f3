package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.model.Box;
import org.condseg.model.Calibration;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.refine.Refinement;
import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** Every strategy of the job API, with a {@link FakeNetwork} instead of an engine: fast, and answers known. */
class JobRunnerTest {

    private static final int W = 60, H = 40, D = 5;

    /** Two bright blocks on every slice: x 8..23 and x 36..51, y 10..25; the second holds a 4 × 4 dark hole. */
    private static Volume stack() {
        Img<FloatType> img = ArrayImgs.floats(W, H, D);
        RandomAccess<FloatType> ra = img.randomAccess();
        for (int z = 0; z < D; z++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    boolean block = y >= 10 && y < 26 && (x >= 8 && x < 24 || x >= 36 && x < 52);
                    boolean hole = x >= 42 && x < 46 && y >= 16 && y < 20;
                    ra.setPositionAndGet(x, y, z).set(block && !hole ? 1f : 0f);
                }
        return new Volume(img, Calibration.NONE, "stack");
    }

    private static SegmentResult run(String fixture, FakeNetwork net, SegmentJob job) throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture(fixture));
        return new JobRunner(spec, net).run(job, Progress.NONE, () -> false);
    }

    private static int at(SegmentResult r, int x, int y, int z) {
        return r.labels().randomAccess().setPositionAndGet(x, y, z).get();
    }

    private static Prompts box(int x, int z) {
        return new Prompts(List.of(), List.of(new Box(x - 4, 6, 24, 24, z, 1)), null, null);
    }

    @Test
    void wholeImagePerObjectAndPropagation() throws Exception {
        Volume v = stack();
        SegmentOptions o = SegmentOptions.defaults();
        // whole image: the one object's two boxes, in one engine call for the slice, labels 1 and 2
        Prompts both = new Prompts(List.of(), List.of(new Box(4, 6, 24, 24, 2, 1), new Box(32, 6, 24, 24, 2, 1)), null, null);
        FakeNetwork net = FakeNetwork.brightInBox();
        SegmentResult whole = run("bright-interactive-2d", net, SegmentJob.of(v, both, o));
        assertEquals(1, at(whole, 15, 17, 2));
        assertEquals(2, at(whole, 40, 17, 2));
        assertEquals(0, at(whole, 15, 17, 1), "only the prompted slice");
        assertEquals(1, net.calls.get(), "both boxes of a slice go to the engine together");

        // per object from label 5: each object its label
        SegmentResult per = run("bright-interactive-2d", FakeNetwork.brightInBox(),
                new SegmentJob(v, List.of(), List.of(box(12, 2), box(40, 2)), o, new Strategy.PerObject(5), Refinement.NONE));
        assertEquals(5, at(per, 15, 17, 2));
        assertEquals(6, at(per, 40, 17, 2));

        // propagation: the object on every slice; within the end slices 1..3 where given
        SegmentResult all = run("bright-interactive-2d", FakeNetwork.brightInBox(),
                SegmentJob.of(v, box(12, 2), o).with(new Strategy.Propagate()));
        for (int z = 0; z < D; z++)
            assertEquals(1, at(all, 15, 17, z), "slice " + z);
        SegmentResult ends = run("bright-interactive-2d", FakeNetwork.brightInBox(),
                SegmentJob.of(v, box(12, 2), o).with(new Strategy.Propagate(1, Propagator.Ends.defaults().between(1, 3))));
        assertEquals(List.of(0, 1, 1, 1, 0), List.of(at(ends, 15, 17, 0), at(ends, 15, 17, 1), at(ends, 15, 17, 2),
                at(ends, 15, 17, 3), at(ends, 15, 17, 4)));

        // refinement after the strategy: the hole of the second block is filled
        SegmentResult raw = run("bright-interactive-2d", FakeNetwork.brightInBox(), SegmentJob.of(v, box(40, 2), o));
        SegmentResult filled = run("bright-interactive-2d", FakeNetwork.brightInBox(),
                SegmentJob.of(v, box(40, 2), o).refinedBy(Refinement.parse("fill-holes:slices")));
        assertEquals(0, at(raw, 44, 18, 2));
        assertEquals(1, at(filled, 44, 18, 2));
        assertTrue(filled.provenance().contains("\"refine\":\"fill-holes:slices\""), filled.provenance());
    }

    @Test
    void cascadeEqualsTheWholeImageAndStrategiesAreCheckedAgainstTheModel() throws Exception {
        Volume v = stack();
        SegmentOptions o = SegmentOptions.defaults();
        SegmentResult plain = run("identity-2d", FakeNetwork.identity(), SegmentJob.of(v, Prompts.NONE, o));
        SegmentResult cascade = run("identity-2d", FakeNetwork.identity(),
                SegmentJob.of(v, Prompts.NONE, o).with(new Strategy.Cascade(2)));
        long differ = 0, foreground = 0;
        for (int z = 0; z < D; z++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    foreground += at(plain, x, y, z) > 0 ? 1 : 0;
                    differ += at(plain, x, y, z) != at(cascade, x, y, z) ? 1 : 0;
                }
        assertTrue(foreground > 2000, foreground + " voxels");
        assertEquals(0, differ, "the objects lie inside the coarse pass's region");
        assertTrue(cascade.provenance().contains("\"cascade\""));

        ModelSpec interactive = ModelPackageReader.read(Fixtures.fixture("bright-interactive-2d"));
        ModelSpec plainModel = ModelPackageReader.read(Fixtures.fixture("identity-2d"));
        assertThrows(UsageException.class, () -> JobRunner.check(interactive, new Strategy.Cascade(2)));
        assertThrows(UsageException.class, () -> JobRunner.check(plainModel, new Strategy.Propagate()));
        UsageException two = assertThrows(UsageException.class, () -> new JobRunner(plainModel, FakeNetwork.identity()).run(
                new SegmentJob(v, List.of(), List.of(Prompts.NONE, Prompts.NONE), o, new Strategy.WholeImage(), Refinement.NONE),
                Progress.NONE, () -> false));
        assertTrue(two.getMessage().contains("2 separately drawn objects"), two.getMessage());
    }
}
