package org.condseg.refine;

import java.util.Arrays;

/**
 * Distances between the surfaces of two masks on one anisotropic grid, in the spacing's units: the
 * 95th-percentile Hausdorff distance (the larger of the two directed 95th percentiles, as MONAI and
 * nnU-Net report it) and the average symmetric surface distance. A surface voxel is a mask voxel with a
 * face neighbour outside the mask or the image.
 *
 * <pre>{@code
 * SurfaceDistances s = SurfaceDistances.between(a, b, 64, 64, 1, new double[] {0.5, 0.5, 1});
 * double hd95 = s.hd95();
 * }</pre>
 *
 * @param hd95 the 95th-percentile Hausdorff distance; NaN where a mask is empty
 * @param assd the average symmetric surface distance; NaN where a mask is empty
 */
public record SurfaceDistances(double hd95, double assd) {

    public static SurfaceDistances between(boolean[] a, boolean[] b, int w, int h, int d, double[] spacing) {
        boolean[] sa = surface(a, w, h, d), sb = surface(b, w, h, d);
        double[] ab = directed(sa, sb, w, h, d, spacing), ba = directed(sb, sa, w, h, d, spacing);
        if (ab.length == 0 || ba.length == 0)
            return new SurfaceDistances(Double.NaN, Double.NaN);
        double sum = 0;
        for (double v : ab)
            sum += v;
        for (double v : ba)
            sum += v;
        return new SurfaceDistances(Math.max(percentile95(ab), percentile95(ba)), sum / (ab.length + ba.length));
    }

    /** The distance from each surface voxel of {@code from} to the nearest surface voxel of {@code to}. */
    private static double[] directed(boolean[] from, boolean[] to, int w, int h, int d, double[] spacing) {
        double[] d2 = DistanceTransform.squared(to, w, h, d, spacing);
        int n = 0;
        for (boolean f : from)
            if (f)
                n++;
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < from.length; i++)
            if (from[i])
                out[k++] = Math.sqrt(d2[i]);
        return out;
    }

    static boolean[] surface(boolean[] m, int w, int h, int d) {
        boolean[] s = new boolean[m.length];
        for (int z = 0; z < d; z++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int i = (z * h + y) * w + x;
                    if (!m[i])
                        continue;
                    s[i] = x == 0 || x == w - 1 || y == 0 || y == h - 1 || !m[i - 1] || !m[i + 1] || !m[i - w] || !m[i + w]
                            || (d > 1 && (z == 0 || z == d - 1 || !m[i - w * h] || !m[i + w * h]));
                }
        return s;
    }

    /** Linear-interpolated 95th percentile (numpy's default). */
    static double percentile95(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = 0.95 * (s.length - 1);
        int i = (int) Math.floor(pos), j = Math.min(i + 1, s.length - 1);
        return s[i] + (pos - i) * (s[j] - s[i]);
    }
}
