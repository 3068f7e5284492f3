package org.condseg.segment;

import org.condseg.model.Box;
import org.condseg.model.SegmentResult;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * One slice's object mask (x fastest), its probabilities and its contrast with its surroundings,
 * with the small 2D tools propagation needs: bounds, a city-block distance transform (innermost
 * pixel, eroded core, a ring around the mask) and views of a slice as a one-slice volume.
 *
 * <pre>{@code
 * SliceMask m = SliceMask.of(result, slice); // slice 0 of a result, contrast measured on slice
 * long[] b = SliceMask.bounds(m.mask(), width); // {minX, minY, maxX, maxY}
 * }</pre>
 *
 * @param contrast mean image value inside the mask minus the mean over a ring around it (0 where empty)
 */
record SliceMask(boolean[] mask, float[] prob, long area, double contrast) {

    /** Slice 0 of a result (label != 0 is the mask), with its contrast on slice 0 of {@code image}. */
    static SliceMask of(SegmentResult r, RandomAccessibleInterval<? extends RealType<?>> image) {
        int n = (int) (r.labels().dimension(0) * r.labels().dimension(1));
        boolean[] m = new boolean[n];
        float[] p = new float[n];
        Cursor<UnsignedShortType> l = Views.flatIterable(Views.hyperSlice(r.labels(), 2, 0)).cursor();
        Cursor<FloatType> q = r.probabilities() == null ? null : Views.flatIterable(Views.hyperSlice(r.probabilities(), 2, 0)).cursor();
        long area = 0;
        for (int i = 0; i < n; i++) {
            if (m[i] = l.next().get() != 0)
                area++;
            p[i] = q == null ? (m[i] ? 1 : 0) : q.next().get();
        }
        int w = (int) r.labels().dimension(0), h = (int) r.labels().dimension(1);
        return new SliceMask(m, p, area, area == 0 ? 0 : contrast(m, values(image), w, h));
    }

    /** Mean inside the mask minus the mean over the ring of pixels at most max(2, 15% of its radius) outside it. */
    static double contrast(boolean[] m, float[] image, int w, int h) {
        long area = 0;
        for (boolean b : m)
            if (b)
                area++;
        int ring = (int) Math.max(2, Math.round(0.15 * Math.sqrt(area / Math.PI)));
        boolean[] outside = new boolean[m.length];
        for (int i = 0; i < m.length; i++)
            outside[i] = !m[i];
        int[] d = distance(outside, w, h, false);
        double in = 0, out = 0;
        long nIn = 0, nOut = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                in += image[i];
                nIn++;
            } else if (d[i] <= ring) {
                out += image[i];
                nOut++;
            }
        }
        return nIn == 0 || nOut == 0 ? 0 : in / nIn - out / nOut;
    }

    /** Slice 0 of an image, x fastest. */
    static float[] values(RandomAccessibleInterval<? extends RealType<?>> image) {
        float[] v = new float[(int) (image.dimension(0) * image.dimension(1))];
        Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(image, 2, 0)).cursor();
        for (int i = 0; i < v.length; i++)
            v[i] = c.next().getRealFloat();
        return v;
    }

    void paint(Img<UnsignedShortType> labels, Img<FloatType> probabilities, int z, int label) {
        Propagator.paint(labels, probabilities, z, mask, prob, label);
    }

    /** The non-zero pixels of slice z of a mask image, or {@code null} where there are none. */
    static boolean[] of(RandomAccessibleInterval<? extends RealType<?>> mask, long z) {
        long w = mask.dimension(0), h = mask.dimension(1);
        boolean[] out = new boolean[(int) (w * h)];
        boolean any = false;
        Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(mask, 2, z)).cursor();
        for (int i = 0; i < out.length; i++)
            any |= out[i] = c.next().getRealDouble() != 0;
        return any ? out : null;
    }

    /** A mask as a one-slice 8-bit image (w, h, 1). */
    static Img<UnsignedByteType> image(boolean[] mask, long w, long h) {
        byte[] b = new byte[mask.length];
        for (int i = 0; i < b.length; i++)
            b[i] = (byte) (mask[i] ? 1 : 0);
        return ArrayImgs.unsignedBytes(b, w, h, 1);
    }

    /** Slice z of a volume as a one-slice volume (x, y, z = 0). */
    static <T extends RealType<?>> RandomAccessibleInterval<T> slice(RandomAccessibleInterval<T> volume, long z) {
        return Views.addDimension(Views.hyperSlice(volume, 2, z), 0, 0);
    }

    /** {minX, minY, maxX, maxY} of the set pixels (maxX < 0 where there are none). */
    static long[] bounds(boolean[] m, long w) {
        Box b = Box.around(m, w, 0);
        return b == null ? new long[] {Long.MAX_VALUE, Long.MAX_VALUE, -1, -1}
                : new long[] {b.x(), b.y(), b.x() + b.width() - 1, b.y() + b.height() - 1};
    }

    /** City-block distance of each set pixel to the nearest unset pixel or the border (0 outside). */
    static int[] distance(boolean[] m, int w, int h) {
        return distance(m, w, h, true);
    }

    /** The same; where {@code borderIsOutside} is false, the border does not count as an unset pixel. */
    static int[] distance(boolean[] m, int w, int h, boolean borderIsOutside) {
        int[] d = new int[m.length];
        int inf = w + h;
        int edge = borderIsOutside ? 0 : inf;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!m[i])
                    continue;
                int up = y > 0 ? d[i - w] : edge, left = x > 0 ? d[i - 1] : edge;
                d[i] = Math.min(inf, Math.min(up, left) + 1);
            }
        for (int y = h - 1; y >= 0; y--)
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                if (!m[i])
                    continue;
                int down = y < h - 1 ? d[i + w] : edge, right = x < w - 1 ? d[i + 1] : edge;
                d[i] = Math.min(d[i], Math.min(down, right) + 1);
            }
        return d;
    }

    /** The index of the pixel deepest inside the mask (the first such in scan order). */
    static int innermost(boolean[] m, int w, int h) {
        int[] d = distance(m, w, h);
        int best = -1;
        for (int i = 0; i < d.length; i++)
            if (best < 0 || d[i] > d[best])
                best = i;
        return best;
    }

    /** The mask's core: the pixels at least half the maximum depth inside it (never empty for a non-empty mask). */
    static boolean[] core(boolean[] m, int w, int h) {
        int[] d = distance(m, w, h);
        int max = 0;
        for (int v : d)
            max = Math.max(max, v);
        int keep = Math.max(1, (max + 1) / 2);
        boolean[] out = new boolean[m.length];
        for (int i = 0; i < m.length; i++)
            out[i] = d[i] >= keep;
        return out;
    }
}
