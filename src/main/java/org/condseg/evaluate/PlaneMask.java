package org.condseg.evaluate;

import java.util.Arrays;

import org.condseg.model.Box;
import org.condseg.refine.DistanceTransform;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A binary mask on a 2D grid placed at {@code (x0, y0)} of an image (x fastest): a truth object, a
 * prediction, an error region, a baseline shape.
 *
 * <pre>{@code
 * PlaneMask m = PlaneMask.of(labelSlice, 3);  // pixels of label 3
 * int[] p = m.interiorPoint();               // {x, y}: the maximum of the distance transform
 * Box b = m.tightBox(0);                     // on slice 0
 * }</pre>
 *
 * @param x0 the image column of the mask's first column
 * @param y0 the image row of the mask's first row
 */
public record PlaneMask(int x0, int y0, int width, int height, boolean[] pixels) {

    public PlaneMask {
        if (width < 1 || height < 1 || pixels.length != width * height)
            throw new IllegalArgumentException("mask of " + pixels.length + " pixels is not " + width + "×" + height);
    }

    /** An empty mask of the given size at the origin. */
    public static PlaneMask empty(int width, int height) {
        return new PlaneMask(0, 0, width, height, new boolean[width * height]);
    }

    /** The pixels of a 2D image (or a 3D one with one slice) equal to {@code label}, or non-zero for label {@code -1}. */
    public static PlaneMask of(RandomAccessibleInterval<? extends RealType<?>> plane, int label) {
        if (plane.numDimensions() == 3 && plane.dimension(2) == 1)
            plane = Views.hyperSlice(plane, 2, plane.min(2));
        if (plane.numDimensions() != 2)
            throw new IllegalArgumentException("a plane has 2 dimensions, got " + Arrays.toString(plane.dimensionsAsLongArray()));
        int w = Math.toIntExact(plane.dimension(0)), h = Math.toIntExact(plane.dimension(1));
        boolean[] px = new boolean[Math.multiplyExact(w, h)];
        Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
        for (int i = 0; i < px.length; i++) {
            double v = c.next().getRealDouble();
            px[i] = label < 0 ? v != 0 : v == label;
        }
        return new PlaneMask(0, 0, w, h, px);
    }

    public boolean get(int x, int y) {
        int i = x - x0, j = y - y0;
        return i >= 0 && j >= 0 && i < width && j < height && pixels[j * width + i];
    }

    public long area() {
        long n = 0;
        for (boolean b : pixels)
            if (b)
                n++;
        return n;
    }

    /**
     * Dice with another mask (their placements may differ; pixels outside a mask are unset); 1 where both
     * are empty.
     */
    public double dice(PlaneMask other) {
        long a = area(), b = other.area(), both = 0;
        for (int j = 0; j < height; j++)
            for (int i = 0; i < width; i++)
                if (pixels[j * width + i] && other.get(x0 + i, y0 + j))
                    both++;
        return a + b == 0 ? 1 : 2.0 * both / (a + b);
    }

    /** The smallest box holding every set pixel, on slice {@code z}; an IllegalStateException where the mask is empty. */
    public Box tightBox(long z) {
        Box b = Box.around(pixels, width, z);
        if (b == null)
            throw new IllegalStateException("an empty mask has no box");
        return new Box(x0 + b.x(), y0 + b.y(), b.width(), b.height(), z, 1);
    }

    /** The mask cut to its tight box (an empty mask stays as it is). */
    public PlaneMask cropped() {
        if (area() == 0)
            return this;
        Box b = tightBox(0);
        int w = (int) b.width(), h = (int) b.height(), bx = (int) b.x() - x0, by = (int) b.y() - y0;
        boolean[] px = new boolean[w * h];
        for (int j = 0; j < h; j++)
            System.arraycopy(pixels, (by + j) * width + bx, px, j * w, w);
        return new PlaneMask((int) b.x(), (int) b.y(), w, h, px);
    }

    /**
     * The interior-most set pixel {x, y} in image coordinates: the maximum of the Euclidean distance to the
     * nearest unset pixel, pixels beyond the mask's edge counting as unset; the first in row-major order on
     * ties (as {@code training/common.py}'s {@code interior_point}). An IllegalStateException where the mask is empty.
     */
    public int[] interiorPoint() {
        PlaneMask m = cropped();
        int w = m.width + 2, h = m.height + 2;
        boolean[] unset = new boolean[w * h];
        Arrays.fill(unset, true);
        for (int j = 0; j < m.height; j++)
            for (int i = 0; i < m.width; i++)
                unset[(j + 1) * w + i + 1] = !m.pixels[j * m.width + i];
        double[] d2 = DistanceTransform.squared(unset, w, h, 1, new double[] {1, 1, 1});
        int best = -1;
        for (int k = 0; k < d2.length; k++)
            if (!unset[k] && (best < 0 || d2[k] > d2[best]))
                best = k;
        if (best < 0)
            throw new IllegalStateException("an empty mask has no interior point");
        return new int[] {m.x0 + best % w - 1, m.y0 + best / w - 1};
    }

    /**
     * The largest 4-connected component (the first found in row-major order on ties), or {@code null}
     * where no pixel is set.
     */
    public PlaneMask largestComponent() {
        int[] comp = new int[pixels.length], queue = new int[pixels.length];
        int bestId = 0, bestSize = 0, next = 1;
        for (int start = 0; start < pixels.length; start++) {
            if (!pixels[start] || comp[start] != 0)
                continue;
            int head = 0, tail = 0;
            comp[start] = next;
            queue[tail++] = start;
            while (head < tail) {
                int p = queue[head++], x = p % width, y = p / width;
                if (x > 0) tail = visit(p - 1, next, comp, queue, tail);
                if (x < width - 1) tail = visit(p + 1, next, comp, queue, tail);
                if (y > 0) tail = visit(p - width, next, comp, queue, tail);
                if (y < height - 1) tail = visit(p + width, next, comp, queue, tail);
            }
            if (tail > bestSize) {
                bestSize = tail;
                bestId = next;
            }
            next++;
        }
        if (bestId == 0)
            return null;
        boolean[] px = new boolean[pixels.length];
        for (int i = 0; i < px.length; i++)
            px[i] = comp[i] == bestId;
        return new PlaneMask(x0, y0, width, height, px);
    }

    private int visit(int q, int id, int[] comp, int[] queue, int tail) {
        if (pixels[q] && comp[q] == 0) {
            comp[q] = id;
            queue[tail++] = q;
        }
        return tail;
    }

    /** The pixels set here and not in {@code other}, on this mask's grid. */
    public PlaneMask minus(PlaneMask other) {
        boolean[] px = new boolean[pixels.length];
        for (int j = 0; j < height; j++)
            for (int i = 0; i < width; i++)
                px[j * width + i] = pixels[j * width + i] && !other.get(x0 + i, y0 + j);
        return new PlaneMask(x0, y0, width, height, px);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlaneMask m && m.x0 == x0 && m.y0 == y0 && m.width == width && m.height == height
                && Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pixels) * 31 + x0 * 17 + y0;
    }

    @Override
    public String toString() {
        return "PlaneMask[" + width + "×" + height + " at " + x0 + "," + y0 + ", " + area() + " set]";
    }
}
