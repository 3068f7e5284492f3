package org.condseg.conditioning;

/**
 * Flips of a [C, H, W] tensor (row-major) for test-time augmentation. Each flip is its own inverse.
 *
 * <pre>{@code
 * float[] flipped = Flips.apply(x, channels, h, w, Flips.X);
 * }</pre>
 */
public final class Flips {

    /** No flip, flip along x, along y, along both. */
    public static final int NONE = 0, X = 1, Y = 2, XY = 3;

    private Flips() {
    }

    /** A flipped copy of {@code x}. */
    public static float[] apply(float[] x, int channels, int h, int w, int flip) {
        if (x.length != channels * h * w)
            throw new IllegalArgumentException("tensor of " + x.length + " values is not " + channels + "x" + h + "x" + w);
        float[] out = new float[x.length];
        boolean fx = (flip & X) != 0, fy = (flip & Y) != 0;
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++) {
                int sy = fy ? h - 1 - y : y;
                for (int i = 0; i < w; i++)
                    out[(c * h + y) * w + i] = x[(c * h + sy) * w + (fx ? w - 1 - i : i)];
            }
        return out;
    }
}
