package org.condseg.refine;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * Labels on a grid of {@code width × height × depth} voxels, stored flat ({@code x + w (y + h z)}) as
 * unsigned 16-bit values, with the voxel spacing in millimetres (where the image is calibrated in a
 * length unit; otherwise 1 × 1 × 1 and {@code calibrated} false). The working form of every step.
 *
 * <pre>{@code
 * LabelGrid g = LabelGrid.of(labels, new double[] {0.8, 0.8, 2}, true);
 * int l = g.get(g.index(3, 4, 0));
 * }</pre>
 */
final class LabelGrid {

    final int w, h, d;
    final short[] data;
    /** Voxel spacing in mm (x, y, z), or 1, 1, 1 where not {@link #calibrated}. */
    final double[] spacing;
    final boolean calibrated;

    LabelGrid(int w, int h, int d, short[] data, double[] spacing, boolean calibrated) {
        if ((long) w * h * d != data.length)
            throw new IllegalArgumentException("grid " + w + "×" + h + "×" + d + " does not hold " + data.length + " voxels");
        this.w = w;
        this.h = h;
        this.d = d;
        this.data = data;
        this.spacing = spacing.clone();
        this.calibrated = calibrated;
    }

    /** A copy of an image x, y, z of integer labels 0–65535. */
    static LabelGrid of(RandomAccessibleInterval<? extends RealType<?>> labels, double[] spacing, boolean calibrated) {
        if (labels.numDimensions() != 3)
            throw new IllegalArgumentException("labels need 3 dimensions (x, y, z), got " + labels.numDimensions());
        long n = labels.dimension(0) * labels.dimension(1) * labels.dimension(2);
        if (n > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("labels of " + n + " voxels are too large to refine");
        short[] data = new short[(int) n];
        Cursor<? extends RealType<?>> c = Views.flatIterable(labels).cursor();
        for (int i = 0; i < data.length; i++) {
            double v = c.next().getRealDouble();
            if (v < 0 || v > 65535 || v != Math.rint(v))
                throw new IllegalArgumentException("label images hold whole numbers 0–65535; found " + v
                        + " at voxel " + i % labels.dimension(0) + ", " + i / labels.dimension(0) % labels.dimension(1) + ", "
                        + i / (labels.dimension(0) * labels.dimension(1)));
            data[i] = (short) (int) v;
        }
        return new LabelGrid((int) labels.dimension(0), (int) labels.dimension(1), (int) labels.dimension(2), data, spacing, calibrated);
    }

    Img<UnsignedShortType> toImg() {
        return ArrayImgs.unsignedShorts(data.clone(), w, h, d);
    }

    int size() {
        return data.length;
    }

    int get(int i) {
        return data[i] & 0xFFFF;
    }

    void set(int i, int label) {
        data[i] = (short) label;
    }

    int index(int x, int y, int z) {
        return x + w * (y + h * z);
    }

    boolean is3d() {
        return d > 1;
    }

    /** The largest label present. */
    int maxLabel() {
        int m = 0;
        for (short s : data)
            m = Math.max(m, s & 0xFFFF);
        return m;
    }

    /** Voxel counts per label value (index = label). */
    long[] histogram() {
        long[] n = new long[maxLabel() + 1];
        for (short s : data)
            n[s & 0xFFFF]++;
        return n;
    }

    @Override
    public String toString() {
        return "LabelGrid " + w + "×" + h + "×" + d + " spacing " + Arrays.toString(spacing);
    }
}
