package org.condseg.conditioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.condseg.model.Connectivity;
import org.condseg.model.Keep;
import org.condseg.model.RefineGuard;
import org.junit.jupiter.api.Test;

/**
 * The refine guard on a 5 x 3 region at (1, 1) of a 7 x 5 slice, computed by hand. The probabilities
 * (rows) and the prior (x = prior pixel):
 *
 * <pre>
 *          x=1   x=2   x=3   x=4   x=5
 *   y=1   0.55  0.65  0.40  0.10  0.90        prior: .  x  x  .  .
 *   y=2   0.30  0.45  0.80  0.58  0.10               .  x  x  .  .
 *   y=3   0.05  0.20  0.70  0.62  0.10               .  .  .  .  .
 * </pre>
 *
 * Plain (0.5 / 0.5): above 0.5 are (1,1) (2,1) (5,1) (3,2) (4,2) (3,3) (4,3); the prior overlaps the component
 * {(1,1) (2,1)} and {(3,2) (4,2) (3,3) (4,3)}, not the lone (5,1). With add_above 0.6, remove_below 0.35: the
 * prior pixels stay where above 0.35 ((2,1) 0.65, (3,1) 0.40, (2,2) 0.45, (3,2) 0.80); outside the prior
 * pixels join above 0.6 ((5,1) 0.90, (3,3) 0.70, (4,3) 0.62), not (1,1) 0.55 nor (4,2) 0.58; (5,1) touches
 * nothing of the prior and goes.
 */
class RefineGuardTest {

    static final int W = 7, H = 5;
    static final Resampler.Region REGION = new Resampler.Region(1, 1, 5, 3, new float[] {
        0.55f, 0.65f, 0.40f, 0.10f, 0.90f,
        0.30f, 0.45f, 0.80f, 0.58f, 0.10f,
        0.05f, 0.20f, 0.70f, 0.62f, 0.10f});

    static boolean[] prior() {
        boolean[] p = new boolean[W * H];
        for (int[] xy : new int[][] {{2, 1}, {3, 1}, {2, 2}, {3, 2}})
            p[xy[1] * W + xy[0]] = true;
        return p;
    }

    static boolean[] region(String... rows) {
        boolean[] out = new boolean[5 * 3];
        for (int j = 0; j < 3; j++)
            for (int i = 0; i < 5; i++)
                out[j * 5 + i] = rows[j].charAt(i) == 'x';
        return out;
    }

    @Test
    void withoutAGuardItIsThePlainDecoder() {
        boolean[] plain = MaskDecoder.decode(REGION, 0.5, null, List.of(), prior(), W, Keep.PROMPTED_COMPONENT, Connectivity.FACE);
        boolean[] guarded = MaskDecoder.decodeGuarded(REGION, RefineGuard.none(0.5), prior(), W, Keep.PROMPTED_COMPONENT,
                Connectivity.FACE);
        assertArrayEquals(region(
                "xx...",
                "..xx.",
                "..xx."), plain);
        assertArrayEquals(plain, guarded);
    }

    @Test
    void addAndRemoveThresholdsActOnTheirSideOfThePrior() {
        RefineGuard g = new RefineGuard(0.6, 0.35, Double.NaN, 1);
        boolean[] m = MaskDecoder.decodeGuarded(REGION, g, prior(), W, Keep.PROMPTED_COMPONENT, Connectivity.FACE);
        assertArrayEquals(region(
                ".xx..",
                ".xx..",
                "..xx."), m);
    }

    @Test
    void theDiceAgainstThePriorDecidesWhetherThePriorIsKept() {
        RefineGuard g = new RefineGuard(0.6, 0.35, 0.8, 1);
        boolean[] m = MaskDecoder.decodeGuarded(REGION, g, prior(), W, Keep.PROMPTED_COMPONENT, Connectivity.FACE);
        // 6 refined pixels, 4 prior pixels, all 4 shared: Dice 8 / 10
        assertEquals(0.8, MaskDecoder.dice(REGION, m, prior(), W), 1e-12);
        assertTrue(g.keepsPrior(0.8));
        assertFalse(new RefineGuard(0.6, 0.35, 0.81, 1).keepsPrior(0.8));
        assertFalse(RefineGuard.none(0.5).keepsPrior(1.0), "no keep_above: never kept");
        // a prior pixel outside the region counts against the overlap
        boolean[] wider = prior();
        wider[0] = true;
        assertEquals(8.0 / 11, MaskDecoder.dice(REGION, m, wider, W), 1e-12);
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RefineGuard(1.2, 0.5, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new RefineGuard(0.5, -0.1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new RefineGuard(0.5, 0.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RefineGuard(0.5, 0.5, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new RefineGuard(0.5, 0.5, Double.NaN, RefineGuard.MAX_PASSES + 1));
    }
}
