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

    /**
     * The smallest box holding every set pixel of a 2D mask (x fastest, rows of {@code width}), on slice
     * {@code z}; {@code null} where none is set.
     */
    public static Box around(boolean[] mask, long width, long z) {
        long minX = Long.MAX_VALUE, minY = Long.MAX_VALUE, maxX = -1, maxY = -1;
        for (int i = 0; i < mask.length; i++)
            if (mask[i]) {
                long x = i % width, y = i / width;
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
        return maxX < 0 ? null : new Box(minX, minY, maxX - minX + 1, maxY - minY + 1, z, 1);
    }

    /** Whether slice {@code slice} lies in this box. */
    public boolean coversSlice(long slice) {
        return slice >= z && slice < z + depth;
    }
}
