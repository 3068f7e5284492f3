package org.condseg.conditioning;

import java.util.Arrays;
import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;

/**
 * The isotropic model grid of a 3D interactive model around one prompt (training/common3d.py is the
 * reference). Along axis {@code a} (0 = x, 1 = y, 2 = z), model voxel {@code u} samples the continuous
 * voxel index {@code left[a] + (u + 0.5) * step[a] - 0.5}; {@code step[a] = g / spacing[a]} voxels per
 * model voxel, {@code size[a]} model voxels. Coordinates are "edge" coordinates: voxel {@code i} covers
 * {@code [i, i+1)}.
 *
 * <pre>{@code
 * VolumeWindow w = VolumeWindow.around(box, List.of(), new double[] {0.8, 0.8, 5}, Conditioning.Window3d.DEFAULT);
 * }</pre>
 *
 * @param left the window start per axis, in voxels
 * @param step voxels per model voxel per axis
 * @param size model voxels per axis
 * @param g the model grid spacing, in physical units
 */
public record VolumeWindow(double[] left, double[] step, int[] size, double g) {

    public VolumeWindow {
        if (left.length != 3 || step.length != 3 || size.length != 3)
            throw new IllegalArgumentException("a volume window has 3 axes");
        for (int a = 0; a < 3; a++)
            if (!(step[a] > 0) || size[a] < 1)
                throw new IllegalArgumentException("window axis " + a + " has step " + step[a] + " and size " + size[a]);
        left = left.clone();
        step = step.clone();
        size = size.clone();
    }

    /**
     * The window around a box (if not {@code null}) or else around the positive clicks.
     *
     * @param spacing the voxel spacing x, y, z
     * @throws IllegalArgumentException where there is neither a box nor a positive click
     */
    public static VolumeWindow around(Box box, List<Click> clicks, double[] spacing, Conditioning.Window3d w) {
        double smin = Math.min(spacing[0], Math.min(spacing[1], spacing[2]));
        double g;
        int[] m = new int[3];
        double[] c = new double[3];
        if (box != null) {
            long[] n = {box.width(), box.height(), box.depth()};
            long[] lo = {box.x(), box.y(), box.z()};
            double longest = 0;
            for (int a = 0; a < 3; a++)
                longest = Math.max(longest, n[a] * spacing[a]);
            g = Math.max(smin, longest / w.boxSide());
            for (int a = 0; a < 3; a++) {
                m[a] = Math.max(w.minSide(), (int) Math.ceil((w.boxScale() * n[a] * spacing[a] + w.boxMargin() * g) / g));
                c[a] = lo[a] + n[a] / 2.0;
            }
        } else {
            double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (Click k : clicks) {
                if (!k.positive())
                    continue;
                double[] p = {k.x() + 0.5, k.y() + 0.5, k.z() + 0.5};
                for (int a = 0; a < 3; a++) {
                    lo[a] = Math.min(lo[a], p[a]);
                    hi[a] = Math.max(hi[a], p[a]);
                }
            }
            if (lo[0] > hi[0])
                throw new IllegalArgumentException("a 3D prompt needs a box or a positive click");
            g = w.clickZoom() * smin;
            double e = 0;
            for (int a = 0; a < 3; a++)
                e = Math.max(e, (hi[a] - lo[a]) * spacing[a]);
            int side = Math.max(w.clickSide(), (int) Math.ceil(w.clickScale() * e / g + w.clickMargin()));
            for (int a = 0; a < 3; a++) {
                m[a] = side;
                c[a] = (lo[a] + hi[a]) / 2.0;
            }
        }
        double[] t = new double[3], left = new double[3];
        for (int a = 0; a < 3; a++) {
            t[a] = g / spacing[a];
            left[a] = c[a] - m[a] * t[a] / 2.0;
        }
        return new VolumeWindow(left, t, m, g);
    }

    /** The continuous voxel index sampled by model voxel {@code u} along {@code axis}. */
    public double voxelIndex(int axis, int u) {
        return left[axis] + (u + 0.5) * step[axis] - 0.5;
    }

    /** The edge coordinate of the centre of model voxel {@code u} along {@code axis}. */
    public double modelVoxelCentre(int axis, int u) {
        return left[axis] + (u + 0.5) * step[axis];
    }

    /** The continuous model coordinate of the centre of voxel {@code i} along {@code axis}. */
    public double modelCoordinate(int axis, double i) {
        return (i + 0.5 - left[axis]) / step[axis] - 0.5;
    }

    /** The first voxel whose centre lies in the window along {@code axis} (not clamped). */
    public long firstVoxel(int axis) {
        return (long) Math.ceil(left[axis] - 0.5);
    }

    /** One past the last voxel whose centre lies in the window along {@code axis} (not clamped). */
    public long endVoxel(int axis) {
        return (long) Math.ceil(left[axis] + size[axis] * step[axis] - 0.5);
    }

    /** The number of model voxels. */
    public int voxels() {
        return Math.multiplyExact(Math.multiplyExact(size[0], size[1]), size[2]);
    }

    @Override
    public double[] left() {
        return left.clone();
    }

    @Override
    public double[] step() {
        return step.clone();
    }

    @Override
    public int[] size() {
        return size.clone();
    }

    @Override
    public String toString() {
        return "VolumeWindow[left=" + Arrays.toString(left) + ", step=" + Arrays.toString(step) + ", size="
                + Arrays.toString(size) + ", g=" + g + "]";
    }
}
