package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.condseg.Fixtures;
import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.Test;

import net.imglib2.type.numeric.real.FloatType;

/**
 * The shipped {@code probabilistic-2d} and {@code refine-cgan-2d} on the held-out synthetic demo image
 * ({@code test-data/synthetic/demo-*}): seeds repeat exactly and change the samples; the consensus
 * finds the object; the uncertainty lies on its boundary; the refiner improves a rough prior.
 */
class GenerativeModelsTest {

    static Volume volume(Path p) throws Exception {
        return ImagePlusAdapter.toVolume(ImageFiles.read(p));
    }

    static Box demoBox() throws Exception {
        for (String line : Files.readAllLines(Fixtures.synthetic("demo-prompt.txt"))) {
            String[] kv = line.trim().split("\\s+");
            if (kv[0].equals("box")) {
                String[] v = kv[1].split(",");
                return new Box(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2]), Long.parseLong(v[3]), 0, 1);
            }
        }
        throw new AssertionError("no box in demo-prompt.txt");
    }

    @Test
    void probabilisticSamplesRepeatForASeedAndDifferForAnother() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.model("probabilistic-2d"));
        Volume image = volume(Fixtures.synthetic("demo-image.tif"));
        Volume truth = volume(Fixtures.synthetic("demo-truth.tif"));
        Prompts p = new Prompts(List.of(), List.of(demoBox()), null, null);
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(2), m -> { })) {
            Segmenter seg = new Segmenter(spec, net);
            SegmentResult a = seg.segment(new SegmentRequest(image, p, SegmentOptions.defaults().withSamples(8, 1)), Progress.NONE, () -> false);
            SegmentResult b = seg.segment(new SegmentRequest(image, p, SegmentOptions.defaults().withSamples(8, 1)), Progress.NONE, () -> false);
            SegmentResult c = seg.segment(new SegmentRequest(image, p, SegmentOptions.defaults().withSamples(8, 2)), Progress.NONE, () -> false);
            assertEquals(8, a.samples().size());
            assertTrue(ConditionalFamilyTest.same(a.uncertainty(), b.uncertainty()));
            assertTrue(ConditionalFamilyTest.same(a.labels(), b.labels()));
            for (int i = 0; i < 8; i++)
                assertTrue(ConditionalFamilyTest.same(a.samples().get(i), b.samples().get(i)));
            assertFalse(ConditionalFamilyTest.same(a.uncertainty(), c.uncertainty()), "another seed, another uncertainty");
            boolean differ = false;
            for (int i = 1; i < 8; i++)
                differ |= !ConditionalFamilyTest.same(a.samples().get(0), a.samples().get(i));
            assertTrue(differ, "the samples are not all the same mask");

            double dice = Metrics.dice(a.labels(), truth.pixels());
            double[] u = boundaryAndInterior(a.uncertainty(), truth);
            System.out.printf(Locale.ROOT, "probabilistic-2d demo: consensus Dice %.3f, uncertainty near the boundary %.3f bits, "
                    + "elsewhere %.3f%n", dice, u[0], u[1]);
            assertTrue(dice >= MIN_CONSENSUS_DICE, "consensus Dice " + dice);
            assertTrue(u[0] > 2 * u[1], "uncertainty lies on the boundary: " + u[0] + " vs " + u[1]);
        }
    }

    static final double MIN_CONSENSUS_DICE = 0.80;

    /** Mean uncertainty within 1 pixel of the truth's boundary, and elsewhere in the image. */
    static double[] boundaryAndInterior(net.imglib2.img.Img<FloatType> u, Volume truth) {
        var t = truth.pixels().randomAccess();
        var q = u.randomAccess();
        long w = truth.width(), h = truth.height();
        double nb = 0, sb = 0, ni = 0, si = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                t.setPosition(new int[] {x, y, 0});
                boolean in = t.get().getRealDouble() != 0, edge = false;
                for (int dy = -1; dy <= 1 && !edge; dy++)
                    for (int dx = -1; dx <= 1 && !edge; dx++) {
                        int xx = x + dx, yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= w || yy >= h)
                            continue;
                        t.setPosition(new int[] {xx, yy, 0});
                        edge = (t.get().getRealDouble() != 0) != in;
                    }
                q.setPosition(new int[] {x, y, 0});
                if (edge) {
                    sb += q.get().get();
                    nb++;
                } else {
                    si += q.get().get();
                    ni++;
                }
            }
        return new double[] {sb / nb, si / ni};
    }

    @Test
    void refinerImprovesTheShippedRoughPrior() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.model("refine-cgan-2d"));
        Volume image = volume(Fixtures.synthetic("demo-image.tif"));
        Volume truth = volume(Fixtures.synthetic("demo-truth.tif"));
        Volume prior = volume(Fixtures.model("refine-cgan-2d").resolve("sample-prior.tif"));
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(2), m -> { })) {
            SegmentResult r = new Segmenter(spec, net).segment(new SegmentRequest(image,
                    new Prompts(List.of(), List.of(), prior.pixels(), null), SegmentOptions.defaults()), Progress.NONE, () -> false);
            double before = Metrics.dice(prior.pixels(), truth.pixels()), after = Metrics.dice(r.labels(), truth.pixels());
            System.out.printf(Locale.ROOT, "refine-cgan-2d demo: rough prior Dice %.3f -> refined %.3f%n", before, after);
            assertTrue(after >= before + MIN_GAIN, "Dice " + before + " -> " + after);
        }
    }

    static final double MIN_GAIN = 0.05;
}
