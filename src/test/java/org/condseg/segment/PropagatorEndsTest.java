package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.Calibration;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * {@link Propagator.Ends} with the stand-in model (bright pixels in the box): a bright 10×10 square on
 * slices 0–5 that becomes a 12×12 square (same centre, 1.44 × the area) on slices 6–9, over a dark
 * background. The carried box at 1.15 × its size holds the larger square whole, with a dark ring around
 * it, so neither overlap nor contrast stops the sweep there; the area growth does.
 */
class PropagatorEndsTest {

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

    static Volume growingSquare() {
        int w = 50, h = 50, d = 10;
        short[] px = new short[w * h * d];
        java.util.Arrays.fill(px, (short) 100);
        for (int z = 0; z < d; z++) {
            int lo = z < 6 ? 20 : 19, hi = z < 6 ? 29 : 30;
            for (int y = lo; y <= hi; y++)
                for (int x = lo; x <= hi; x++)
                    px[z * w * h + y * w + x] = 1000;
        }
        return new Volume(ArrayImgs.unsignedShorts(px, w, h, d), Calibration.NONE, "growing");
    }

    static SegmentResult propagate(Propagator.Ends ends) throws Exception {
        Prompts seed = new Prompts(List.of(), List.of(new Box(20, 20, 10, 10, 3, 1)), null, null);
        return new Propagator(spec, net, Propagator.Settings.defaults(), ends).segment(new SegmentRequest(growingSquare(), seed, OPTIONS),
                Progress.NONE, () -> false);
    }

    static long[] perSlice(SegmentResult r) {
        long[] n = new long[(int) r.labels().dimension(2)];
        for (int z = 0; z < n.length; z++)
            for (UnsignedShortType t : Views.iterable(Views.hyperSlice(r.labels(), 2, z)))
                if (t.get() != 0)
                    n[z]++;
        return n;
    }

    @Test
    void aSuddenGrowthEndsTheObject() throws Exception {
        long[] free = perSlice(propagate(Propagator.Ends.none()));
        for (int z = 0; z < 10; z++)
            assertEquals(z < 6 ? 100 : 144, free[z], "without limits, slice " + z);
        SegmentResult r = propagate(new Propagator.Ends(1.3, Double.POSITIVE_INFINITY, 0, 0, Long.MAX_VALUE));
        long[] limited = perSlice(r);
        for (int z = 0; z < 10; z++)
            assertEquals(z < 6 ? 100 : 0, limited[z], "growth at most 1.3×, slice " + z);
        assertTrue(r.provenance().contains("\"max_area_growth\":1.3"), r.provenance());
        // 1.44 × is within a limit of 1.5
        assertEquals(144, perSlice(propagate(new Propagator.Ends(1.5, Double.POSITIVE_INFINITY, 0, 0, Long.MAX_VALUE)))[9]);
        // and over 1.3 × the seed's area
        long[] bySeed = perSlice(propagate(new Propagator.Ends(Double.POSITIVE_INFINITY, 1.3, 0, 0, Long.MAX_VALUE)));
        assertEquals(100, bySeed[5]);
        assertEquals(0, bySeed[6]);
    }

    @Test
    void theUsersEndSlicesBoundTheSweeps() throws Exception {
        long[] n = perSlice(propagate(Propagator.Ends.none().between(2, 4)));
        for (int z = 0; z < 10; z++)
            assertEquals(z >= 2 && z <= 4 ? 100 : 0, n[z], "slice " + z);
    }

    @Test
    void anUnsureModelEndsTheObject() throws Exception {
        // the stand-in's probabilities inside the square are near 1 (sigmoid of 6 × a standardised bright value):
        // a floor of 0.999999 refuses every slice past the seed
        long[] n = perSlice(propagate(new Propagator.Ends(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0.999999, 0, Long.MAX_VALUE)));
        for (int z = 0; z < 10; z++)
            assertEquals(z == 3 ? 100 : 0, n[z], "slice " + z);
    }

    /** A bright square of side {@code side[z]} with its top-left corner at ({@code x[z]}, 20) on each slice of a dark stack. */
    static Volume squares(int[] x, int[] side) {
        int w = 50, h = 50, d = x.length;
        short[] px = new short[w * h * d];
        java.util.Arrays.fill(px, (short) 100);
        for (int z = 0; z < d; z++)
            for (int y = 20; y < 20 + side[z]; y++)
                for (int i = x[z]; i < x[z] + side[z]; i++)
                    px[z * w * h + y * w + i] = 1000;
        return new Volume(ArrayImgs.unsignedShorts(px, w, h, d), Calibration.NONE, "squares");
    }

    static long[] propagate(Volume v, Propagator.Ends ends) throws Exception {
        Prompts seed = new Prompts(List.of(), List.of(new Box(20, 20, 10, 10, 3, 1)), null, null);
        return perSlice(new Propagator(spec, net, Propagator.Settings.defaults(), ends).segment(new SegmentRequest(v, seed, OPTIONS),
                Progress.NONE, () -> false));
    }

    static Propagator.Ends only(double minIou, double maxShift, double maxMedian, double minMedian) {
        return new Propagator.Ends(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, minIou, maxShift, maxMedian, minMedian, 0, 4, 0,
                0, Long.MAX_VALUE);
    }

    @Test
    void aLowIntersectionOverUnionEndsTheObject() throws Exception {
        // slice 6 grows from 100 to 144 pixels about the same centre: IoU 100 / 144 = 0.69
        assertEquals(144, perSlice(propagate(only(0.6, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0)))[9]);
        long[] n = perSlice(propagate(only(0.75, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0)));
        for (int z = 0; z < 10; z++)
            assertEquals(z < 6 ? 100 : 0, n[z], "IoU at least 0.75, slice " + z);
    }

    @Test
    void aShiftingCentroidEndsTheObject() throws Exception {
        // the square moves 3 pixels right on slice 6 (about half its equivalent radius of 5.6) and stays there
        Volume v = squares(new int[] {20, 20, 20, 20, 20, 20, 23, 23, 23, 23}, new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10});
        long[] free = propagate(v, Propagator.Ends.none());
        assertTrue(free[6] > 0 && free[9] > 0, java.util.Arrays.toString(free));
        assertTrue(propagate(v, only(0, 1, Double.POSITIVE_INFINITY, 0))[9] > 0, "a shift of half a radius is within 1");
        long[] n = propagate(v, only(0, 0.3, Double.POSITIVE_INFINITY, 0));
        for (int z = 0; z < 10; z++)
            assertEquals(z < 6 ? 100 : 0, n[z], "shift at most 0.3 radii, slice " + z);
    }

    @Test
    void theRunningMedianEndsAGrowingOrShrinkingObject() throws Exception {
        // growth: 144 against a median of 100
        assertEquals(144, perSlice(propagate(only(0, Double.POSITIVE_INFINITY, 1.5, 0)))[9]);
        long[] grown = perSlice(propagate(only(0, Double.POSITIVE_INFINITY, 1.3, 0)));
        assertEquals(100, grown[5]);
        assertEquals(0, grown[6]);
        // shrinking: a 10x10 square that becomes 6x6 (0.36 of the median) on slice 6, at the same corner
        Volume v = squares(new int[] {20, 20, 20, 20, 20, 20, 20, 20, 20, 20}, new int[] {10, 10, 10, 10, 10, 10, 6, 6, 6, 6});
        assertEquals(36, propagate(v, only(0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0.3))[9]);
        long[] shrunk = propagate(v, only(0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0.5));
        assertEquals(100, shrunk[5]);
        assertEquals(0, shrunk[6]);
    }

    /** Evidence of one slice: 100 pixels after 100, the given confident share, touched sides and scale agreement. */
    static Propagator.Step step(double confident, int sides, double agreement) {
        return new Propagator.Step(1, 4, 1, 100, 100, 100, 1, 1, 0, 100, 0.95, confident, 0.8, sides, agreement, 10, 10, true, true);
    }

    static Propagator.Ends judging(double minConfident, int maxSides, double minAgreement) {
        return new Propagator.Ends(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, 0, minConfident, maxSides, minAgreement, 0, Long.MAX_VALUE);
    }

    @Test
    void lostConfidenceOutgrownBoxesAndDisagreeingSizesEndTheObject() {
        // the seed's confident share is 0.8: at least 0.7 of it is 0.56
        assertTrue(judging(0.7, 4, 0).allow(step(0.6, 4, 0)));
        assertTrue(!judging(0.7, 4, 0).allow(step(0.5, 4, 0)));
        assertTrue(judging(0, 3, 0).allow(step(1, 3, 0)));
        assertTrue(!judging(0, 3, 0).allow(step(1, 4, 0)));
        assertTrue(judging(0, 4, 0.6).allow(step(1, 0, 0.6)));
        assertTrue(!judging(0, 4, 0.6).allow(step(1, 0, 0.59)));
        assertTrue(Propagator.Ends.none().allow(step(0, 4, 0)));
    }

    @Test
    void theEvidenceIsMeasuredOnTheMask() {
        int w = 10, h = 8;
        boolean[] m = new boolean[w * h];
        for (int y = 2; y <= 4; y++)
            for (int x = 3; x <= 6; x++)
                m[y * w + x] = true;
        assertEquals(4.5, Propagator.centroid(m, w)[0], 1e-9);
        assertEquals(3, Propagator.centroid(m, w)[1], 1e-9);
        // the box x 3..6, y 1..5: the mask reaches its left and right sides, not its top or bottom
        assertEquals(2, Propagator.touchedSides(m, new Box(3, 1, 4, 5, 0, 1), w, h));
        assertEquals(4, Propagator.touchedSides(m, new Box(3, 2, 4, 3, 0, 1), w, h));
        // a side on the image's edge never counts: the same mask moved to the top rows, in a box from row 0
        boolean[] top = new boolean[w * h];
        System.arraycopy(m, 2 * w, top, 0, 3 * w);
        assertEquals(3, Propagator.touchedSides(top, new Box(3, 0, 4, 3, 0, 1), w, h));
        float[] p = new float[w * h];
        for (int i = 0; i < p.length; i++)
            p[i] = m[i] && i % 2 == 0 ? 0.95f : 0.5f;
        assertEquals(6.0 / 12, Propagator.confidentShare(new SliceMask(m, p, 12, 1)), 1e-9);
    }

    @Test
    void theLimitsAreInTheProvenance() throws Exception {
        String p = propagate(Propagator.Ends.defaults()).provenance();
        for (String field : List.of("\"min_overlap\":0.5", "\"min_contrast\":0.1", "\"max_seed_multiple\":2.5", "\"max_median_growth\":3",
                "\"min_iou\":0", "\"max_centroid_shift\":\"none\"", "\"min_median_fraction\":0", "\"min_confident_share\":0",
                "\"max_touched_sides\":4", "\"min_scale_agreement\":0"))
            assertTrue(p.contains(field), field + " in " + p);
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Propagator.Ends(0.9, 2, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new Propagator.Ends(2, 0.5, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new Propagator.Ends(2, 2, 1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> Propagator.Ends.none().between(6, 5));
        assertThrows(IllegalArgumentException.class, () -> only(1.1, 1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> only(0, 0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> only(0, 1, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> only(0, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> judging(0, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> judging(1.5, 4, 0));
    }
}
