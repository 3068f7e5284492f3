package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.condseg.Fixtures;
import org.condseg.SyntheticVolumes;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.Calibration;
import org.condseg.model.Click;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * Propagation through a stack with the stand-in interactive model (bright pixels in the box): a box
 * on the object's largest slice finds the irregular 3D object, and nothing past its ends.
 */
class PropagatorTest {

    static ModelSpec spec;
    static Network net;
    static final SegmentOptions OPTIONS = SegmentOptions.defaults().withThreads(1);

    @BeforeAll
    static void load() throws Exception {
        spec = ModelPackageReader.read(Fixtures.fixture("bright-interactive-2d"));
        net = Models.open(spec, OPTIONS, m -> { });
    }

    @AfterAll
    static void close() {
        net.close();
    }

    static Volume volume(SyntheticVolumes.Blob b) {
        short[] flat = new short[b.width() * b.height() * b.depth()];
        for (int z = 0; z < b.depth(); z++)
            System.arraycopy(b.image()[z], 0, flat, z * b.width() * b.height(), b.width() * b.height());
        return new Volume(ArrayImgs.unsignedShorts(flat, b.width(), b.height(), b.depth()), Calibration.NONE, "blob");
    }

    static Img<UnsignedByteType> truth(SyntheticVolumes.Blob b) {
        byte[] flat = new byte[b.width() * b.height() * b.depth()];
        for (int z = 0; z < b.depth(); z++)
            System.arraycopy(b.truth()[z], 0, flat, z * b.width() * b.height(), b.width() * b.height());
        return ArrayImgs.unsignedBytes(flat, b.width(), b.height(), b.depth());
    }

    @ParameterizedTest
    @EnumSource(Propagator.Carry.class)
    void aBoxOnOneSliceFindsTheObjectIn3D(Propagator.Carry carry) throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(3, 97, 83, 21);
        Propagator.Settings s = new Propagator.Settings(carry, 0.1, 2, new double[] {1}, 0.1, 0.3, 0.3);
        SegmentResult r = new Propagator(spec, net, s).segment(
                new SegmentRequest(volume(b), new Prompts(List.of(), List.of(b.seedBox()), null, null), OPTIONS),
                Progress.NONE, () -> false);
        double dice = Metrics.dice(r.labels(), truth(b));
        assertTrue(dice > 0.85, carry + ": Dice " + dice);
        assertEquals(1, r.maxLabel());
        assertTrue(r.provenance().contains("\"propagate\""), r.provenance());
    }

    /**
     * The tries of a slice (the carried box at several scales) run as one engine call give the masks,
     * probabilities and contrasts that running them one by one through the segmenter gives, with the
     * shipped interactive-2d on a synthetic object.
     */
    @Test
    void batchedTriesGiveWhatOneByOneGives() throws Exception {
        ModelSpec real = ModelPackageReader.read(Fixtures.repo().resolve("models/interactive-2d"));
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(5, 90, 84, 9);
        Volume v = volume(b);
        try (Network n = Models.open(real, OPTIONS, m -> { })) {
            Propagator p = new Propagator(real, n);
            boolean[] seed = new boolean[90 * 84];
            for (int i = 0; i < seed.length; i++)
                seed[i] = b.truth()[4][i] != 0;
            List<Prompts> tries = new java.util.ArrayList<>();
            for (double scale : Propagator.Settings.defaults().scales())
                tries.add(p.carried(seed, 90, 84, scale));
            SegmentRequest request = new SegmentRequest(v, Prompts.NONE, OPTIONS);
            for (int z : new int[] {3, 5}) {
                List<SliceMask> batched = p.runAll(v, z, tries, request, () -> false);
                for (int t = 0; t < tries.size(); t++) {
                    SliceMask one = p.run(v, z, tries.get(t), request, () -> false);
                    assertTrue(one.area() > 0, "slice " + z + " try " + t);
                    assertArrayEquals(one.mask(), batched.get(t).mask(), "slice " + z + " try " + t);
                    assertArrayEquals(one.prob(), batched.get(t).prob(), 1e-5f, "slice " + z + " try " + t);
                    assertEquals(one.contrast(), batched.get(t).contrast(), 1e-9);
                }
            }
        }
    }

    @Test
    void stopsWhereTheObjectEnds() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(5, 80, 80, 30);
        SegmentResult r = new Propagator(spec, net).segment(
                new SegmentRequest(volume(b), new Prompts(List.of(), List.of(b.seedBox()), null, null), OPTIONS),
                Progress.NONE, () -> false);
        for (int z = 0; z < b.depth(); z++) {
            long found = count(Views.hyperSlice(r.labels(), 2, z)), truth = 0;
            for (byte v : b.truth()[z])
                truth += v;
            // past the object's ends (and on its last, tiny slices) nothing is found
            if (truth == 0)
                assertEquals(0, found, "slice " + z + " has no object but " + found + " voxels were labelled");
        }
    }

    @Test
    void withoutPropagationOnlyTheSeedSliceIsSegmented() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(3, 97, 83, 21);
        Box box = b.seedBox();
        SegmentResult r = new Segmenter(spec, net).segment(
                new SegmentRequest(volume(b), new Prompts(List.of(), List.of(box), null, null), OPTIONS), Progress.NONE, () -> false);
        for (int z = 0; z < b.depth(); z++)
            assertEquals(z == box.z(), count(Views.hyperSlice(r.labels(), 2, z)) > 0, "slice " + z);
    }

    @Test
    void aClickAndAScribbleSeedToo() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(3, 97, 83, 21);
        Box box = b.seedBox();
        int z = b.seedSlice();
        long cx = -1, cy = -1;
        for (int i = 0; i < b.width() * b.height() && cx < 0; i++)
            if (b.truth()[z][i] != 0 && b.truth()[z][i + 1] != 0 && b.truth()[z][i + 2] != 0 && b.truth()[z][i + 2 * b.width()] != 0) {
                cx = i % b.width() + 1;
                cy = i / b.width() + 1;
            }
        // the stand-in model sees its window around the click: the distractor is elsewhere
        SegmentResult fromClick = new Propagator(spec, net).segment(new SegmentRequest(volume(b),
                new Prompts(List.of(Click.positive(cx, cy, z)), List.of(), null, null), OPTIONS), Progress.NONE, () -> false);
        assertTrue(Metrics.dice(fromClick.labels(), truth(b)) > 0.8, "click: " + Metrics.dice(fromClick.labels(), truth(b)));
        Img<UnsignedByteType> scribble = ArrayImgs.unsignedBytes(b.width(), b.height(), b.depth());
        var ra = scribble.randomAccess();
        for (long x = box.x() + box.width() / 3; x < box.x() + 2 * box.width() / 3; x++) {
            ra.setPosition(new long[] {x, box.y() + box.height() / 2, z});
            if (b.truth()[z][(int) ((box.y() + box.height() / 2) * b.width() + x)] != 0)
                ra.get().set(1);
        }
        SegmentResult fromScribble = new Propagator(spec, net).segment(new SegmentRequest(volume(b),
                new Prompts(List.of(), List.of(), scribble, null), OPTIONS), Progress.NONE, () -> false);
        assertTrue(Metrics.dice(fromScribble.labels(), truth(b)) > 0.8, "scribble: " + Metrics.dice(fromScribble.labels(), truth(b)));
    }

    @Test
    void twoBoxesAreTwoObjects() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(3, 97, 83, 21);
        Box distractor = new Box((long) (97 * 0.12 - 97 * 0.07) - 2, (long) (83 * 0.85 - 83 * 0.07) - 2, 17, 15, b.seedSlice(), 1);
        SegmentResult r = new Propagator(spec, net).segment(new SegmentRequest(volume(b),
                new Prompts(List.of(), List.of(b.seedBox(), distractor), null, null), OPTIONS), Progress.NONE, () -> false);
        assertEquals(2, r.maxLabel());
        assertTrue(r.voxelCount(2) > 100 && r.voxelCount(1) > 5 * r.voxelCount(2), r.voxelCount(1) + " / " + r.voxelCount(2));
    }

    @Test
    void cancelsBetweenSlicesAndReportsProgress() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(3, 97, 83, 21);
        AtomicInteger updates = new AtomicInteger();
        SegmentRequest req = new SegmentRequest(volume(b), new Prompts(List.of(), List.of(b.seedBox()), null, null), OPTIONS);
        assertThrows(CancellationException.class, () -> new Propagator(spec, net).segment(req,
                (stage, done, total) -> updates.incrementAndGet(), () -> updates.get() >= 3));
        assertEquals(3, updates.get());
    }

    @Test
    void refusesAModelWithoutPrompts() throws Exception {
        ModelSpec identity = ModelPackageReader.read(Fixtures.fixture("identity-2d"));
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(3, 40, 40, 5);
        var e = assertThrows(UsageException.class, () -> new Propagator(identity, net).segment(
                new SegmentRequest(volume(b), new Prompts(List.of(), List.of(b.seedBox()), null, null), OPTIONS), Progress.NONE, () -> false));
        assertTrue(e.getMessage().contains("interactive"), e.getMessage());
    }

    private static long count(net.imglib2.RandomAccessibleInterval<UnsignedShortType> slice) {
        long n = 0;
        for (UnsignedShortType t : Views.iterable(slice))
            if (t.get() != 0)
                n++;
        return n;
    }
}
