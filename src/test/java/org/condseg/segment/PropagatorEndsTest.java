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

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Propagator.Ends(0.9, 2, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new Propagator.Ends(2, 0.5, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new Propagator.Ends(2, 2, 1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> Propagator.Ends.none().between(6, 5));
    }
}
