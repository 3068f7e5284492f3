package org.condseg.tiling;

/**
 * The importance map of a tile: a separable Gaussian centred on the tile with {@code sigma =
 * size / 8} per axis, normalised so that its maximum is 1, and clamped below at {@link #FLOOR}
 * so that every voxel of a tile has some weight.
 *
 * <pre>{@code
 * float[] w = GaussianWeights.of(new long[] {64, 64}); // 64 * 64 values, x fastest
 * }</pre>
 */
final class GaussianWeights {

    /** The smallest weight, as a fraction of the maximum. */
    static final float FLOOR = 1e-3f;

    private GaussianWeights() {}

    /** @return the weights over a tile of the given size, flat with x varying fastest */
    static float[] of(long[] tileSize) {
        double[][] axes = new double[tileSize.length][];
        long count = 1;
        for (int d = 0; d < tileSize.length; d++) {
            axes[d] = axis(Math.toIntExact(tileSize[d]));
            count *= tileSize[d];
        }
        float[] weights = new float[Math.toIntExact(count)];
        int[] index = new int[tileSize.length];
        for (int i = 0; i < weights.length; i++) {
            double w = 1;
            for (int d = 0; d < axes.length; d++)
                w *= axes[d][index[d]];
            weights[i] = (float) Math.max(w, FLOOR);
            for (int d = 0; d < axes.length && ++index[d] == axes[d].length; d++)
                index[d] = 0;
        }
        return weights;
    }

    /** @return the Gaussian along one axis of the given size, with maximum 1 */
    static double[] axis(int size) {
        double centre = (size - 1) / 2.0;
        double sigma = size / 8.0;
        double[] g = new double[size];
        double max = 0;
        for (int i = 0; i < size; i++) {
            double t = (i - centre) / sigma;
            g[i] = Math.exp(-0.5 * t * t);
            max = Math.max(max, g[i]);
        }
        for (int i = 0; i < size; i++)
            g[i] /= max;
        return g;
    }
}
