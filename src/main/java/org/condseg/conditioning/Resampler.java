package org.condseg.conditioning;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Bilinear resampling of a 2D image (x, y from 0) onto a window's model grid, with clamp-to-edge
 * outside the image, and back from the grid onto the image pixels inside the window.
 *
 * <pre>{@code
 * float[] grid = Resampler.sample(slice, window);       // grid[v * gx + u]
 * Region back = Resampler.backProject(prob, window, width, height);
 * }</pre>
 */
public final class Resampler {

    private Resampler() {
    }

    /** The image sampled at every model grid point, row-major (x fastest). */
    public static float[] sample(RandomAccessibleInterval<? extends RealType<?>> image, CropWindow w) {
        int gx = w.grid()[0], gy = w.grid()[1];
        long width = image.dimension(0), height = image.dimension(1);
        // the pixels the samples touch, clamped to the image
        long x0 = clamp((long) Math.floor(w.imageIndex(0, 0)), width), x1 = Math.min(width - 1, clamp((long) Math.floor(w.imageIndex(0, gx - 1)), width) + 1);
        long y0 = clamp((long) Math.floor(w.imageIndex(1, 0)), height), y1 = Math.min(height - 1, clamp((long) Math.floor(w.imageIndex(1, gy - 1)), height) + 1);
        int rw = (int) (x1 - x0 + 1), rh = (int) (y1 - y0 + 1);
        float[] src = FloatBlocks.copy(image, x0, y0, rw, rh);
        float[] out = new float[gx * gy];
        // per column: the two source columns and the weight, computed once (clamped to the image)
        int[] xa = new int[gx], xb = new int[gx];
        double[] fx = new double[gx];
        for (int u = 0; u < gx; u++) {
            double x = Math.min(Math.max(w.imageIndex(0, u), 0), width - 1);
            long xf = (long) Math.floor(x);
            fx[u] = x - xf;
            xa[u] = (int) (xf - x0);
            xb[u] = (int) (Math.min(xf + 1, width - 1) - x0);
        }
        for (int v = 0; v < gy; v++) {
            double y = Math.min(Math.max(w.imageIndex(1, v), 0), height - 1);
            long yf = (long) Math.floor(y);
            double fy = y - yf;
            int ra = (int) (yf - y0) * rw, rb = (int) (Math.min(yf + 1, height - 1) - y0) * rw;
            for (int u = 0; u < gx; u++) {
                double a = src[ra + xa[u]], b = src[ra + xb[u]], c = src[rb + xa[u]], d = src[rb + xb[u]];
                out[v * gx + u] = (float) ((a * (1 - fx[u]) + b * fx[u]) * (1 - fy) + (c * (1 - fx[u]) + d * fx[u]) * fy);
            }
        }
        return out;
    }

    /**
     * The grid values {@code grid} (row-major, x fastest) sampled back at the image pixels whose centres
     * lie inside the window (clipped to the image); a pixel takes the bilinear value at its model coordinate.
     */
    public static Region backProject(float[] grid, CropWindow w, long width, long height) {
        int gx = w.grid()[0], gy = w.grid()[1];
        long x0 = Math.max(0, w.firstPixel(0)), x1 = Math.min(width, w.endPixel(0));
        long y0 = Math.max(0, w.firstPixel(1)), y1 = Math.min(height, w.endPixel(1));
        int rw = (int) Math.max(0, x1 - x0), rh = (int) Math.max(0, y1 - y0);
        float[] out = new float[rw * rh];
        // per column: the left grid index and weight (clamped to the grid), computed once
        int[] u0 = new int[rw];
        float[] fu = new float[rw];
        for (int i = 0; i < rw; i++) {
            double u = Math.min(Math.max(w.modelCoordinate(0, x0 + i), 0), gx - 1);
            u0[i] = (int) Math.floor(u);
            fu[i] = (float) (u - u0[i]);
        }
        for (int j = 0; j < rh; j++) {
            double v = Math.min(Math.max(w.modelCoordinate(1, y0 + j), 0), gy - 1);
            int v0 = (int) Math.floor(v), v1 = Math.min(v0 + 1, gy - 1);
            float fv = (float) (v - v0);
            int r0 = v0 * gx, r1 = v1 * gx, o = j * rw;
            for (int i = 0; i < rw; i++) {
                int a = u0[i], b = Math.min(a + 1, gx - 1);
                float top = grid[r0 + a] + fu[i] * (grid[r0 + b] - grid[r0 + a]);
                float bottom = grid[r1 + a] + fu[i] * (grid[r1 + b] - grid[r1 + a]);
                out[o + i] = top + fv * (bottom - top);
            }
        }
        return new Region(x0, y0, rw, rh, out);
    }

    private static long clamp(long i, long n) {
        return Math.min(Math.max(i, 0), n - 1);
    }

    /**
     * A rectangle of float values at an offset in the image: x0, y0, width, height, values row-major.
     */
    public record Region(long x0, long y0, int width, int height, float[] values) {

        public Region {
            if ((long) width * height != values.length)
                throw new IllegalArgumentException("region " + width + "x" + height + " with " + values.length + " values");
        }

        /** The value at image pixel (x, y), which must lie in the region. */
        public float get(long x, long y) {
            return values[(int) ((y - y0) * width + (x - x0))];
        }

        public boolean contains(long x, long y) {
            return x >= x0 && y >= y0 && x < x0 + width && y < y0 + height;
        }

        /** Copies a rectangle of a 2D image into a region. */
        public static Region copy(RandomAccessibleInterval<? extends RealType<?>> image, long x0, long y0, long w, long h) {
            if (w * h > Integer.MAX_VALUE)
                throw new IllegalArgumentException("region " + w + "x" + h + " is too large");
            float[] v = FloatBlocks.copy(image, x0, y0, (int) w, (int) h);
            return new Region(x0, y0, (int) w, (int) h, v);
        }
    }
}
