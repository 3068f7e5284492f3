package org.condseg.refine;

/**
 * The exact squared Euclidean distance transform on an anisotropic grid (Felzenszwalb and
 * Huttenlocher's lower envelope of parabolas, one axis at a time): for each voxel, the squared distance,
 * in the spacing's units, to the nearest feature voxel. Without any feature voxel every distance is
 * {@link #FAR}.
 *
 * <pre>{@code
 * double[] d2 = DistanceTransform.squared(feature, 5, 1, 1, new double[] {2, 1, 1});
 * // feature = {true, false, false, false, false} gives {0, 4, 16, 36, 64}
 * }</pre>
 */
public final class DistanceTransform {

    /** The squared distance of a voxel with no feature in reach. */
    public static final double FAR = 1e30;

    private DistanceTransform() {
    }

    public static double[] squared(boolean[] feature, int w, int h, int d, double[] spacing) {
        if (feature.length != w * h * d)
            throw new IllegalArgumentException("mask of " + feature.length + " voxels is not " + w + "×" + h + "×" + d);
        double[] f = new double[feature.length];
        for (int i = 0; i < f.length; i++)
            f[i] = feature[i] ? 0 : FAR;
        int max = Math.max(w, Math.max(h, d));
        double[] line = new double[max], out = new double[max], z = new double[max + 1];
        int[] v = new int[max];
        int[] size = {w, h, d};
        int[] stride = {1, w, w * h};
        for (int axis = 0; axis < 3; axis++) {
            int n = size[axis];
            if (n == 1)
                continue;
            double s2 = spacing[axis] * spacing[axis];
            int step = stride[axis];
            for (int start = 0; start < f.length; start++) {
                if ((start / step) % n != 0)
                    continue; // not the first voxel of a line along this axis
                for (int k = 0; k < n; k++)
                    line[k] = f[start + k * step];
                envelope(line, n, s2, out, v, z);
                for (int k = 0; k < n; k++)
                    f[start + k * step] = out[k];
            }
        }
        return f;
    }

    /** One line: {@code out[q] = min_p (s2 (q - p)² + f[p])}. */
    private static void envelope(double[] f, int n, double s2, double[] out, int[] v, double[] z) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] >= FAR)
                continue;
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = Double.POSITIVE_INFINITY;
                continue;
            }
            double s;
            while (true) {
                int p = v[k];
                s = ((f[q] + s2 * q * q) - (f[p] + s2 * (double) p * p)) / (2 * s2 * (q - p));
                if (s <= z[k] && k > 0)
                    k--;
                else
                    break;
            }
            if (s <= z[k]) {
                // k == 0 and the new parabola is lower everywhere
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = Double.POSITIVE_INFINITY;
                continue;
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            for (int q = 0; q < n; q++)
                out[q] = FAR;
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q)
                j++;
            double dq = q - v[j];
            out[q] = s2 * dq * dq + f[v[j]];
        }
    }
}
