package org.condseg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * A known answer for multi-modal inputs with the fixture {@code test-data/fixtures/mean-2ch-2d} (its
 * output is the mean of its two input channels, thresholded at 0.5, no preprocessing): two seeded
 * channels of uniform values in [0, 1) on a W × H × Z grid over T frames, 0.5 × 0.5 × 2 mm. The label of
 * a voxel is 1 where the mean of its two channels is above 0.5, else 0.
 *
 * <pre>{@code
 * TwoChannels two = TwoChannels.make(3);
 * ImagePlus hyper = two.hyperstack("mr.tif");        // channels 1 and 2
 * ImagePlus t1 = two.channel(1, "t1.tif");            // one channel, the same slices and frames
 * two.assertLabels(labels);
 * }</pre>
 */
public record TwoChannels(float[][][] values) {

    public static final int W = 45, H = 38, Z = 3, T = 2;

    /** values[c][t * Z + z][y * W + x] */
    public static TwoChannels make(long seed) {
        Random r = new Random(seed);
        float[][][] v = new float[2][Z * T][W * H];
        for (int c = 0; c < 2; c++)
            for (int p = 0; p < Z * T; p++)
                for (int i = 0; i < W * H; i++)
                    v[c][p][i] = r.nextFloat();
        return new TwoChannels(v);
    }

    /** A hyperstack of {@code channels} channels: 1 and 2 as made, any further ones zero. */
    public ImagePlus hyperstack(String title, int channels) {
        ImageStack s = new ImageStack(W, H);
        for (int t = 0; t < T; t++)
            for (int z = 0; z < Z; z++)
                for (int c = 0; c < channels; c++)
                    s.addSlice(new FloatProcessor(W, H, c < 2 ? values[c][t * Z + z].clone() : new float[W * H]));
        return calibrated(title, s, channels);
    }

    /** Channel {@code c} (1 or 2) alone, with the slices and frames. */
    public ImagePlus channel(int c, String title) {
        ImageStack s = new ImageStack(W, H);
        for (int p = 0; p < Z * T; p++)
            s.addSlice(new FloatProcessor(W, H, values[c - 1][p].clone()));
        return calibrated(title, s, 1);
    }

    private static ImagePlus calibrated(String title, ImageStack s, int channels) {
        ImagePlus imp = new ImagePlus(title, s);
        imp.setDimensions(channels, Z, T);
        imp.setOpenAsHyperStack(true);
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().pixelDepth = 2;
        imp.getCalibration().setUnit("mm");
        return imp;
    }

    /**
     * Checks that {@code labels} has the grid (one channel, Z slices, T frames) and, voxel by voxel, the
     * fixture's answer; voxels whose mean lies within 1e-4 of the threshold are not compared (the
     * tiles' blending may move them by a rounding error). Returns the number of foreground voxels.
     */
    public long assertLabels(ImagePlus labels) {
        assertEquals(java.util.List.of(W, H, 1, Z, T), java.util.List.of(labels.getWidth(), labels.getHeight(), labels.getNChannels(),
                labels.getNSlices(), labels.getNFrames()), "the labels' grid");
        long foreground = 0, compared = 0;
        for (int p = 0; p < Z * T; p++)
            for (int i = 0; i < W * H; i++) {
                float mean = (values[0][p][i] + values[1][p][i]) / 2;
                int got = labels.getStack().getProcessor(p + 1).get(i);
                foreground += got;
                if (Math.abs(mean - 0.5f) < 1e-4f)
                    continue;
                compared++;
                assertEquals(mean > 0.5f ? 1 : 0, got, "plane " + (p + 1) + ", pixel " + i % W + "," + i / W + ": mean " + mean);
            }
        assertEquals(true, compared > Z * T * W * H * 0.99, compared + " voxels compared");
        return foreground;
    }
}
