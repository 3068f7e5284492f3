package org.condseg.conditioning;

import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Encoding;

import net.imglib2.img.array.ArrayImgs;

/**
 * Draws the condition channels of an interactive model on its grid: Gaussian click maps (combined
 * by maximum), filled boxes and scribble masks.
 *
 * <pre>{@code
 * ConditionEncoder.clicks(channel, window, clicks, true, 3.0);
 * ConditionEncoder.box(channel, window, box);
 * }</pre>
 */
public final class ConditionEncoder {

    private ConditionEncoder() {
    }

    /** Adds exp(-d²/2σ²) around each click of the given sign (σ in grid pixels), combined by maximum. */
    public static void clicks(float[] channel, CropWindow w, List<Click> clicks, boolean positive, double sigma) {
        int gx = w.grid()[0], gy = w.grid()[1];
        double twoSigma2 = 2 * sigma * sigma;
        int reach = (int) Math.ceil(4 * sigma);
        for (Click c : clicks) {
            if (c.positive() != positive)
                continue;
            double uc = w.modelCoordinate(0, c.x()), vc = w.modelCoordinate(1, c.y());
            int u0 = Math.max(0, (int) Math.floor(uc) - reach), u1 = Math.min(gx - 1, (int) Math.ceil(uc) + reach);
            int v0 = Math.max(0, (int) Math.floor(vc) - reach), v1 = Math.min(gy - 1, (int) Math.ceil(vc) + reach);
            for (int v = v0; v <= v1; v++)
                for (int u = u0; u <= u1; u++) {
                    double d2 = (u - uc) * (u - uc) + (v - vc) * (v - vc);
                    float g = (float) Math.exp(-d2 / twoSigma2);
                    int i = v * gx + u;
                    if (g > channel[i])
                        channel[i] = g;
                }
        }
    }

    /** Sets 1 where the model pixel's centre lies inside the box. */
    public static void box(float[] channel, CropWindow w, Box box) {
        int gx = w.grid()[0], gy = w.grid()[1];
        for (int v = 0; v < gy; v++) {
            double cy = w.modelPixelCentre(1, v);
            if (cy < box.y() || cy >= box.y() + box.height())
                continue;
            for (int u = 0; u < gx; u++) {
                double cx = w.modelPixelCentre(0, u);
                if (cx >= box.x() && cx < box.x() + box.width())
                    channel[v * gx + u] = 1;
            }
        }
    }

    /**
     * Sets 1 where the nearest image pixel ({@code floor(p + 0.5)}) of a model pixel is set in the
     * scribble; {@code mask} holds the slice's scribble (x fastest, width × height).
     */
    public static void scribble(float[] channel, CropWindow w, boolean[] mask, long width, long height) {
        int gx = w.grid()[0], gy = w.grid()[1];
        for (int v = 0; v < gy; v++) {
            long y = (long) Math.floor(w.imageIndex(1, v) + 0.5);
            if (y < 0 || y >= height)
                continue;
            for (int u = 0; u < gx; u++) {
                long x = (long) Math.floor(w.imageIndex(0, u) + 0.5);
                if (x >= 0 && x < width && mask[(int) (y * width + x)])
                    channel[v * gx + u] = 1;
            }
        }
    }

    /**
     * The object's current mask in the window: resampled as the image is (bilinear, clamp to edge, so
     * its edge is fractional) for {@code filled}, by nearest neighbour for {@code nearest}.
     */
    public static void previous(float[] channel, CropWindow w, boolean[] mask, long width, long height, Encoding encoding) {
        if (encoding == Encoding.NEAREST) {
            scribble(channel, w, mask, width, height);
            return;
        }
        float[] m = new float[mask.length];
        for (int i = 0; i < m.length; i++)
            m[i] = mask[i] ? 1 : 0;
        float[] s = Resampler.sample(ArrayImgs.floats(m, width, height), w);
        System.arraycopy(s, 0, channel, 0, s.length);
    }
}
