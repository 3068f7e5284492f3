package org.condseg.model;

/**
 * A box in 0-based pixel coordinates: x, y, width, height, and on a stack its first slice z and depth.
 *
 * <pre>{@code
 * Box b = new Box(40, 30, 64, 48, 0, 1); // a 2D box on slice 0
 * }</pre>
 */
public record Box(long x, long y, long width, long height, long z, long depth) {

    public Box {
        if (width <= 0 || height <= 0 || depth <= 0)
            throw new IllegalArgumentException("box size " + width + "x" + height + "x" + depth + " is not positive");
        if (z < 0)
            throw new IllegalArgumentException("box slice " + z + " is negative");
    }

    /** Whether slice {@code slice} lies in this box. */
    public boolean coversSlice(long slice) {
        return slice >= z && slice < z + depth;
    }
}
