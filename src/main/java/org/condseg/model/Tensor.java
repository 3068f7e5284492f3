package org.condseg.model;

import java.util.Arrays;

/**
 * A named float tensor in C order (last axis fastest), as the engine sees it.
 *
 * <pre>{@code
 * Tensor t = new Tensor("input", new long[] {1, 4, 128, 128}, new float[4 * 128 * 128]);
 * }</pre>
 */
public record Tensor(String name, long[] shape, float[] data) {

    public Tensor {
        long n = 1;
        for (long s : shape) {
            if (s <= 0)
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape));
            n *= s;
        }
        if (n != data.length)
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs "
                    + n + " values, got " + data.length);
    }

    /** The shape as text, e.g. {@code [1, 4, 128, 128]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
