package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 2D tools of propagation on hand-made masks whose answers are in the comments. */
class SliceMaskTest {

    /** A 7 x 5 image with a 3 x 3 square at x 2..4, y 1..3. */
    static boolean[] square() {
        boolean[] m = new boolean[7 * 5];
        for (int y = 1; y <= 3; y++)
            for (int x = 2; x <= 4; x++)
                m[y * 7 + x] = true;
        return m;
    }

    @Test
    void boundsDistanceCoreAndInnermost() {
        boolean[] m = square();
        assertArrayEquals(new long[] {2, 1, 4, 3}, SliceMask.bounds(m, 7));
        int[] d = SliceMask.distance(m, 7, 5);
        assertEquals(2, d[2 * 7 + 3]); // the centre is 2 steps from outside
        assertEquals(1, d[1 * 7 + 2]);
        assertEquals(2 * 7 + 3, SliceMask.innermost(m, 7, 5));
        assertEquals(9, count(SliceMask.core(m, 7, 5))); // max depth 2: the core (depth >= 1) is all of it
        boolean[] big = new boolean[9 * 7]; // a 5 x 5 square at x 2..6, y 1..5: max depth 3, core depth >= 2
        for (int y = 1; y <= 5; y++)
            for (int x = 2; x <= 6; x++)
                big[y * 9 + x] = true;
        assertEquals(9, count(SliceMask.core(big, 9, 7)));
    }

    static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m)
            n += b ? 1 : 0;
        return n;
    }

    @Test
    void contrastHasTheObjectsSign() {
        boolean[] m = square();
        float[] bright = new float[35], dark = new float[35];
        for (int i = 0; i < 35; i++) {
            bright[i] = m[i] ? 10 : 2;
            dark[i] = m[i] ? 2 : 10;
        }
        assertEquals(8, SliceMask.contrast(m, bright, 7, 5), 1e-9);
        assertEquals(-8, SliceMask.contrast(m, dark, 7, 5), 1e-9);
        assertTrue(SliceMask.contrast(m, new float[35], 7, 5) == 0);
    }
}
