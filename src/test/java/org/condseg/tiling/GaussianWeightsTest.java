package org.condseg.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianWeightsTest {

    @Test
    void axisIsAGaussianWithSigmaAnEighthOfTheSize() {
        double[] g = GaussianWeights.axis(16); // centre 7.5, sigma 2
        double peak = Math.exp(-0.5 * 0.25 * 0.25);
        for (int i = 0; i < 16; i++)
            assertEquals(Math.exp(-0.5 * Math.pow((i - 7.5) / 2, 2)) / peak, g[i], 1e-12, "i = " + i);
        double[] odd = GaussianWeights.axis(9);
        assertEquals(1, odd[4], 0);
        assertEquals(Math.exp(-0.5 * Math.pow(1 / 1.125, 2)), odd[5], 1e-12);
        assertEquals(1, GaussianWeights.axis(1)[0], 0);
    }

    @Test
    void mapIsSeparableSymmetricWithMaximumOneAndAFloor() {
        long[] size = {16, 10, 7};
        float[] w = GaussianWeights.of(size);
        assertEquals(16 * 10 * 7, w.length);
        double[] gx = GaussianWeights.axis(16), gy = GaussianWeights.axis(10), gz = GaussianWeights.axis(7);
        float max = 0, min = Float.MAX_VALUE;
        for (int z = 0; z < 7; z++)
            for (int y = 0; y < 10; y++)
                for (int x = 0; x < 16; x++) {
                    float v = w[(z * 10 + y) * 16 + x];
                    assertEquals((float) Math.max(gx[x] * gy[y] * gz[z], 1e-3), v, 1e-7);
                    assertEquals(v, w[((6 - z) * 10 + (9 - y)) * 16 + (15 - x)], 0, "point symmetry");
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
        assertEquals(1, max, 0);
        assertEquals(GaussianWeights.FLOOR, min, 0); // the corners are far out
        assertTrue(w[(3 * 10 + 5) * 16 + 8] > w[(3 * 10 + 5) * 16 + 12], "the centre weighs more than the rim");
    }
}
