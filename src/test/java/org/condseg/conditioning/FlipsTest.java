package org.condseg.conditioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FlipsTest {

    @Test
    void eachFlipIsItsOwnInverseAndMovesTheRightPixel() {
        Random r = new Random(5);
        int c = 3, h = 7, w = 5;
        float[] x = new float[c * h * w];
        for (int i = 0; i < x.length; i++)
            x[i] = r.nextFloat();
        for (int f = Flips.NONE; f <= Flips.XY; f++)
            assertArrayEquals(x, Flips.apply(Flips.apply(x, c, h, w, f), c, h, w, f));
        float[] fx = Flips.apply(x, c, h, w, Flips.X), fy = Flips.apply(x, c, h, w, Flips.Y);
        // channel 2, row 1, column 0
        assertEquals(x[(2 * h + 1) * w], fx[(2 * h + 1) * w + w - 1]);
        assertEquals(x[(2 * h + 1) * w], fy[(2 * h + h - 2) * w]);
    }
}
