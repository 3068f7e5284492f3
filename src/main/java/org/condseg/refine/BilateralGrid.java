package org.condseg.refine;

/**
 * Normalised Gaussian filtering in a joint space of position and intensity on a coarse grid (Paris and
 * Durand's bilateral grid): values are splatted multi-linearly onto a grid whose cells are one kernel
 * width on each axis, blurred with [1 2 1] along every axis, and read back multi-linearly, divided by
 * the same filtering of ones. Approximates {@code Σ_j k(f_i, f_j) v_j / Σ_j k(f_i, f_j)} with
 * {@code k} a Gaussian in the features {@code f} (each already divided by its kernel width) in time
 * linear in the voxels.
 *
 * <pre>{@code
 * BilateralGrid g = new BilateralGrid(features, 3);   // features[i * 3 + k]: x/θ, y/θ, I/θ_I
 * float[] smooth = g.filter(values);
 * }</pre>
 */
final class BilateralGrid {

    private final int dims, n;
    private final float[] features, min;
    private final int[] size, stride;
    private final int cells;
    private final float[] norm;

    /**
     * @param features per voxel {@code dims} coordinates in units of the kernel's width
     */
    BilateralGrid(float[] features, int dims) {
        this.dims = dims;
        this.n = features.length / dims;
        this.features = features;
        min = new float[dims];
        size = new int[dims];
        java.util.Arrays.fill(min, Float.MAX_VALUE);
        float[] max = new float[dims];
        java.util.Arrays.fill(max, -Float.MAX_VALUE);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < dims; k++) {
                float f = features[i * dims + k];
                min[k] = Math.min(min[k], f);
                max[k] = Math.max(max[k], f);
            }
        stride = new int[dims];
        long total = 1;
        for (int k = 0; k < dims; k++) {
            size[k] = (int) Math.floor(max[k] - min[k]) + 4; // one cell of padding each side for the blur
            stride[k] = (int) total;
            total *= size[k];
        }
        if (total > 50_000_000)
            throw new IllegalArgumentException("the CRF's grid of " + total + " cells is too large; crop the image");
        cells = (int) total;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1);
        norm = raw(ones);
    }

    /** The normalised filtering of {@code values} (one per voxel). */
    float[] filter(float[] values) {
        float[] out = raw(values);
        for (int i = 0; i < n; i++)
            out[i] = norm[i] > 0 ? out[i] / norm[i] : values[i];
        return out;
    }

    private float[] raw(float[] values) {
        float[] grid = new float[cells];
        visit((i, cell, w) -> grid[cell] += w * values[i]);
        float[] tmp = new float[cells];
        float[] g = grid;
        for (int k = 0; k < dims; k++) {
            int s = stride[k], len = size[k];
            for (int j = 0; j < cells; j++) {
                int pos = j / s % len;
                float left = pos > 0 ? g[j - s] : 0, right = pos < len - 1 ? g[j + s] : 0;
                tmp[j] = 0.25f * left + 0.5f * g[j] + 0.25f * right;
            }
            float[] t = g;
            g = tmp;
            tmp = t;
        }
        float[] out = new float[n];
        float[] blurred = g;
        visit((i, cell, w) -> out[i] += w * blurred[cell]);
        return out;
    }

    private interface Corner {
        void at(int voxel, int cell, float weight);
    }

    /** Calls {@code corner} for each voxel's 2^dims surrounding grid cells with their multi-linear weights. */
    private void visit(Corner corner) {
        int corners = 1 << dims;
        float[] frac = new float[dims];
        for (int i = 0; i < n; i++) {
            int cell0 = 0;
            for (int k = 0; k < dims; k++) {
                float c = features[i * dims + k] - min[k] + 1;
                int f = (int) Math.floor(c);
                frac[k] = c - f;
                cell0 += f * stride[k];
            }
            for (int c = 0; c < corners; c++) {
                int cell = cell0;
                float w = 1;
                for (int k = 0; k < dims; k++) {
                    if ((c >> k & 1) != 0) {
                        cell += stride[k];
                        w *= frac[k];
                    } else {
                        w *= 1 - frac[k];
                    }
                }
                corner.at(i, cell, w);
            }
        }
    }
}
