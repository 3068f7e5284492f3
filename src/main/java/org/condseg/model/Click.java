package org.condseg.model;

/**
 * A click, in 0-based pixel coordinates (x, y, z; z = 0 on a 2D image).
 *
 * <pre>{@code
 * Click c = Click.positive(120, 88, 0);
 * }</pre>
 */
public record Click(long x, long y, long z, boolean positive) {

    public static Click positive(long x, long y, long z) {
        return new Click(x, y, z, true);
    }

    public static Click negative(long x, long y, long z) {
        return new Click(x, y, z, false);
    }
}
