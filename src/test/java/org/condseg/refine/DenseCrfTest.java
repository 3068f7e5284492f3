package org.condseg.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The dense CRF and its bilateral grid on known shapes with seeded noise. */
class DenseCrfTest {

    private static float[] image(LabelGrid truth, double noise, long seed) {
        Random rnd = new Random(seed);
        float[] img = new float[truth.size()];
        for (int i = 0; i < img.length; i++)
            img[i] = (float) ((truth.get(i) != 0 ? 10 : 0) + noise * rnd.nextGaussian());
        return img;
    }

    @Test
    void theBilateralGridAveragesWithinAnIntensityClassOnly() {
        // a 1D step: left half 0, right half 10; kernel width 4 voxels in position, 1 in intensity
        int n = 40;
        float[] f = new float[n * 2], v = new float[n];
        for (int i = 0; i < n; i++) {
            f[2 * i] = i / 4f;
            f[2 * i + 1] = i < n / 2 ? 0 : 10;
            v[i] = i < n / 2 ? 1 : 5;
        }
        float[] out = new BilateralGrid(f, 2).filter(v);
        for (int i = 0; i < n; i++)
            assertEquals(v[i], out[i], 1e-4, "no mixing across the edge at " + i);
        float[] ramp = new float[n], pos = new float[n];
        for (int i = 0; i < n; i++) {
            ramp[i] = i;
            pos[i] = i / 4f;
        }
        float[] smooth = new BilateralGrid(pos, 1).filter(ramp);
        for (int i = 8; i < n - 8; i++)
            assertEquals(i, smooth[i], 0.05, "a normalised Gaussian keeps a ramp away from its ends");
    }

    @Test
    void pullsALabelOffByAVoxelOrTwoOntoTheImagesDisk() {
        // without a probability map the labels are trusted beyond about two voxels from their boundary
        LabelGrid truth = Grids.empty(64, 56, 1);
        Grids.ellipsoid(truth, 1, 32, 28, 0, 16, 13, 1);
        LabelGrid labels = Grids.empty(64, 56, 1);
        Grids.ellipsoid(labels, 1, 33, 27, 0, 15, 14.5, 1);
        double before = Grids.dice(labels, truth);
        DenseCrf.parse(null).apply(labels, new RefineContext(image(truth, 2, 4), null, () -> false));
        double after = Grids.dice(labels, truth);
        assertTrue(before < 0.93 && after > before + 0.02, "Dice " + before + " → " + after);
    }

    @Test
    void sharpensABlurredProbabilityMapAlongTheEdgesIn3d() {
        LabelGrid truth = Grids.empty(30, 28, 12, 1, 1, 2);
        Grids.ellipsoid(truth, 1, 15, 14, 6, 9, 8, 3.5);
        // the model's probability: the truth blurred and shifted by one voxel; its threshold is the labels
        float[] prob = new float[truth.size()];
        LabelGrid labels = Grids.empty(30, 28, 12, 1, 1, 2);
        for (int z = 0; z < 12; z++)
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 30; x++) {
                    double e = Math.sqrt(Math.pow((x - 16) / 9.0, 2) + Math.pow((y - 14) / 8.0, 2) + Math.pow((z - 6) / 3.5, 2));
                    int i = labels.index(x, y, z);
                    prob[i] = (float) (1 / (1 + Math.exp((e - 1) * 6)));
                    labels.set(i, prob[i] > 0.5 ? 1 : 0);
                }
        double before = Grids.dice(labels, truth);
        DenseCrf.parse("8").apply(labels, new RefineContext(image(truth, 1, 5), prob, () -> false));
        double after = Grids.dice(labels, truth);
        assertTrue(after > before + 0.02 && after > 0.95, "Dice " + before + " → " + after);
    }

    @Test
    void parses() {
        assertEquals("crf", DenseCrf.parse(null).text());
        assertEquals("crf:10", DenseCrf.parse("10").text());
        assertThrows(IllegalArgumentException.class, () -> DenseCrf.parse("x"));
        assertThrows(IllegalArgumentException.class, () -> DenseCrf.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> DenseCrf.parse(null).apply(Grids.parse("1"), RefineContext.NONE));
    }
}
