package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Calibration;
import org.condseg.model.Click;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The class, latent and refine paths of the core on tiny ONNX fixtures whose answers follow from
 * their graphs ({@code test-data/make_family_fixtures.py}).
 */
class ConditionalFamilyTest {

    static SegmentResult run(String fixture, Volume v, Prompts p, SegmentOptions o) throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture(fixture));
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            return new Segmenter(spec, net).segment(new SegmentRequest(v, p, o), (s, a, b) -> { }, () -> false);
        }
    }

    static Prompts classPrompt(String name) {
        return new Prompts(List.of(), List.of(), null, name);
    }

    /**
     * A 13 x 11 x 5 volume whose slices span different ranges: the class model scales by the whole
     * volume's range, so "bright" is (v - min) / (max - min) > 0.5 over the volume, not per slice.
     */
    @Test
    void classModelSegmentsTheNamedClassOnEverySliceWithVolumeScaling() throws Exception {
        Img<FloatType> img = ArrayImgs.floats(13, 11, 5);
        Random r = new Random(11);
        long i = 0;
        for (FloatType t : img)
            t.set((float) (r.nextFloat() * (1 + 4 * ((i++) / (13 * 11)))) + 0.013f); // slice z spans [0, z + 1)
        Volume v = new Volume(img, Calibration.NONE, "ramps");
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (FloatType t : img) {
            min = Math.min(min, t.get());
            max = Math.max(max, t.get());
        }
        for (String name : new String[] {"bright", "DARK", "2"}) {
            SegmentResult res = run("class-2d", v, classPrompt(name), SegmentOptions.defaults());
            var l = res.labels().cursor();
            var p = res.probabilities().cursor();
            long ones = 0;
            for (FloatType t : img) {
                double s = (t.get() - min) / (max - min + 1e-6);
                int want = name.equals("bright") ? (s > 0.5 ? 1 : 0) : name.equals("DARK") ? (s < 0.5 ? 1 : 0) : 0;
                int got = l.next().get();
                p.next();
                if (Math.abs(s - 0.5) > 1e-4)
                    assertEquals(want, got, name + " at value " + t.get());
                ones += got;
            }
            if (!name.equals("2"))
                assertTrue(ones > 20, name);
            assertTrue(res.provenance().contains("\"class\":\"" + (name.equals("DARK") ? "dark" : name.equals("2") ? "nothing" : "bright") + "\""),
                    res.provenance());
        }
    }

    @Test
    void classModelRefusesMissingAndUnknownClasses() {
        Volume v = new Volume(ArrayImgs.floats(8, 8, 1), Calibration.NONE, "zeros");
        UsageException e = assertThrows(UsageException.class, () -> run("class-2d", v, Prompts.NONE, SegmentOptions.defaults()));
        assertTrue(e.getMessage().contains("--class"), e.getMessage());
        e = assertThrows(UsageException.class, () -> run("class-2d", v, classPrompt("brite"), SegmentOptions.defaults()));
        assertTrue(e.getMessage().contains("bright"), e.getMessage());
        assertThrows(UsageException.class, () -> run("class-2d", v, classPrompt("3"), SegmentOptions.defaults()));
    }

    static Volume noise(int w, int h, int d, long seed) {
        Img<FloatType> img = ArrayImgs.floats(w, h, d);
        Random r = new Random(seed);
        for (FloatType t : img)
            t.set((float) r.nextGaussian());
        return new Volume(img, Calibration.NONE, "noise");
    }

    /**
     * latent-2d's sample i is the window's standardised image thresholded at -noise[i][0], so the
     * sampled masks are nested in the order of the first of each sample's two seeded draws.
     */
    @Test
    void samplesFollowTheSeededNoiseAndTheSameSeedRepeats() throws Exception {
        Volume v = noise(30, 21, 2, 5);
        Prompts p = new Prompts(List.of(Click.positive(12, 9, 1)), List.of(), null, null);
        SegmentOptions o = SegmentOptions.defaults().withSamples(6, 42);
        SegmentResult a = run("latent-2d", v, p, o), b = run("latent-2d", v, p, o);
        assertEquals(6, a.samples().size());
        assertNotNull(a.uncertainty());
        assertTrue(same(a.labels(), b.labels()) && same(a.probabilities(), b.probabilities())
                && same(a.uncertainty(), b.uncertainty()));
        for (int i = 0; i < 6; i++)
            assertTrue(same(a.samples().get(i), b.samples().get(i)));

        Random g = new Random(42);
        double[] level = new double[6];
        for (int i = 0; i < 6; i++) {
            level[i] = g.nextGaussian();
            g.nextGaussian();
        }
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
                if (level[i] > level[j])
                    assertTrue(contains(a.samples().get(i), a.samples().get(j)), "sample " + i + " contains " + j);
        assertTrue(count(a.samples().get(argmax(level))) > count(a.samples().get(argmin(level))));

        // consensus = mean probability > 0.5, uncertainty = its binary entropy, all on slice 1 only
        var l = a.labels().cursor();
        var q = a.probabilities().cursor();
        var u = a.uncertainty().cursor();
        while (l.hasNext()) {
            l.fwd();
            q.fwd();
            u.fwd();
            double m = q.get().get();
            if (Math.abs(m - 0.5) > 1e-4)
                assertEquals(m > 0.5 ? 1 : 0, l.get().get());
            double mm = Math.min(Math.max(m, 1e-7), 1 - 1e-7);
            assertEquals(-(mm * Math.log(mm) + (1 - mm) * Math.log(1 - mm)) / Math.log(2), u.get().get(), 1e-4);
            if (l.getLongPosition(2) == 0)
                assertEquals(0, l.get().get());
        }

        SegmentResult c = run("latent-2d", v, p, SegmentOptions.defaults().withSamples(6, 43));
        assertFalse(same(a.uncertainty(), c.uncertainty()), "another seed, another uncertainty");
        assertTrue(a.provenance().contains("\"seed\":42") && a.provenance().contains("\"samples\":6"), a.provenance());
    }

    @Test
    void aGenerativeModelRefusesTta() {
        Volume v = noise(20, 20, 1, 1);
        Prompts p = new Prompts(List.of(Click.positive(5, 5, 0)), List.of(), null, null);
        assertThrows(UsageException.class, () -> run("latent-2d", v, p, SegmentOptions.defaults().withTta(true)));
    }

    /**
     * refine-2d keeps the prior where the image is neutral and grows it over bright pixels: two
     * labelled squares on a bright disc each grow onto their own bright rim and keep their labels.
     */
    @Test
    void refineKeepsEachPriorLabelAndGrowsItOverTheBrightRim() throws Exception {
        int w = 41, h = 33;
        Img<FloatType> img = ArrayImgs.floats(w, h, 2);
        Img<UnsignedShortType> prior = ArrayImgs.unsignedShorts(w, h, 2);
        var ia = img.randomAccess();
        var pa = prior.randomAccess();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                ia.setPosition(new int[] {x, y, 0});
                boolean rimA = x >= 4 && x < 16 && y >= 4 && y < 16, rimB = x >= 24 && x < 36 && y >= 14 && y < 28;
                ia.get().set(rimA || rimB ? 1 : 0);
                pa.setPosition(new int[] {x, y, 0});
                if (x >= 6 && x < 14 && y >= 6 && y < 14)
                    pa.get().set(3);
                if (x >= 26 && x < 34 && y >= 16 && y < 26)
                    pa.get().set(7);
            }
        Volume v = new Volume(img, Calibration.NONE, "rims");
        SegmentResult r = run("refine-2d", v, new Prompts(List.of(), List.of(), prior, null), SegmentOptions.defaults());
        Set<Integer> present = new TreeSet<>();
        long three = 0, seven = 0, outsideRim = 0;
        var l = r.labels().randomAccess();
        for (int z = 0; z < 2; z++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    l.setPosition(new int[] {x, y, z});
                    int k = l.get().get();
                    present.add(k);
                    three += k == 3 ? 1 : 0;
                    seven += k == 7 ? 1 : 0;
                    ia.setPosition(new int[] {x, y, z});
                    if (k != 0 && ia.get().get() == 0 && !(nearRim(x, y)))
                        outsideRim++;
                    if (z == 1)
                        assertEquals(0, k);
                    if (z == 0 && x >= 7 && x < 13 && y >= 7 && y < 13)
                        assertEquals(3, k);
                }
        assertEquals(Set.of(0, 3, 7), present);
        assertTrue(three > 64 && three <= 12 * 12 + 30, "label 3 grew onto its rim: " + three);
        assertTrue(seven > 80 && seven <= 12 * 14 + 30, "label 7 grew onto its rim: " + seven);
        assertEquals(0, outsideRim);
        assertThrows(UsageException.class, () -> run("refine-2d", v, Prompts.NONE, SegmentOptions.defaults()));
    }

    private static boolean nearRim(int x, int y) {
        return x >= 3 && x < 17 && y >= 3 && y < 17 || x >= 23 && x < 37 && y >= 13 && y < 29;
    }

    static <T extends net.imglib2.type.numeric.RealType<T>> boolean same(RandomAccessibleInterval<T> a, RandomAccessibleInterval<T> b) {
        var ca = net.imglib2.view.Views.flatIterable(a).cursor();
        var cb = net.imglib2.view.Views.flatIterable(b).cursor();
        while (ca.hasNext())
            if (ca.next().getRealDouble() != cb.next().getRealDouble())
                return false;
        return true;
    }

    static boolean contains(Img<UnsignedShortType> big, Img<UnsignedShortType> small) {
        var a = big.cursor();
        var b = small.cursor();
        while (a.hasNext()) {
            boolean inBig = a.next().get() != 0, inSmall = b.next().get() != 0;
            if (inSmall && !inBig)
                return false;
        }
        return true;
    }

    static long count(Img<UnsignedShortType> m) {
        long n = 0;
        for (UnsignedShortType t : m)
            n += t.get() != 0 ? 1 : 0;
        return n;
    }

    static int argmax(double[] v) {
        int k = 0;
        for (int i = 1; i < v.length; i++)
            if (v[i] > v[k])
                k = i;
        return k;
    }

    static int argmin(double[] v) {
        int k = 0;
        for (int i = 1; i < v.length; i++)
            if (v[i] < v[k])
                k = i;
        return k;
    }
}
