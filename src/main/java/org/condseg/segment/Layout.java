package org.condseg.segment;

import java.util.List;

import org.condseg.model.AxisSpec;
import org.condseg.model.TensorSpec;

/**
 * Where each axis of a model tensor comes from in CondSeg's images: the channel axis from the list of
 * channel images, each space axis from an image dimension (by its id x, y, z where the model uses those
 * ids, otherwise by position: the last space axis is x), the batch axis from the slices where a 2D model
 * runs over a 3D image, and any other axis (time, index) of size 1. It converts between CondSeg's tile
 * layout {@code [C, (Z,) Y, X]} and the model's own axis order.
 *
 * <pre>{@code
 * Layout l = new Layout(spec.input(), 2);
 * float[] model = l.toModel(tile, new long[] {1, 64, 64});
 * }</pre>
 */
final class Layout {

    static final int CHANNEL = -1, ONE = -2;

    private final List<AxisSpec> axes;
    private final int[] source;
    private final int imageDims;

    /**
     * @param tensor the model tensor
     * @param imageDims 2 or 3: the dimensions of the images (x, y[, z]); a 2D model over 3D images takes the slices as its batch
     * @throws IllegalArgumentException where the tensor's space axes cannot be matched with the image dimensions
     */
    Layout(TensorSpec tensor, int imageDims) {
        this.axes = tensor.axes();
        this.imageDims = imageDims;
        this.source = new int[axes.size()];
        List<AxisSpec> space = tensor.spaceAxes();
        if (space.size() > imageDims || space.size() < 2)
            throw new IllegalArgumentException("tensor " + tensor.id() + " has " + space.size() + " space axes " + tensor.axisIds()
                    + "; the image has " + imageDims + " dimensions");
        boolean byId = space.stream().allMatch(a -> List.of("x", "y", "z").indexOf(a.id()) >= 0
                && List.of("x", "y", "z").indexOf(a.id()) < space.size());
        boolean sliced = imageDims > space.size();
        boolean batchUsed = false;
        for (int k = 0; k < axes.size(); k++) {
            AxisSpec a = axes.get(k);
            switch (a.type()) {
                case "channel" -> source[k] = CHANNEL;
                case "space" -> source[k] = byId ? List.of("x", "y", "z").indexOf(a.id()) : space.size() - 1 - space.indexOf(a);
                case "batch" -> {
                    source[k] = sliced ? 2 : ONE;
                    batchUsed |= sliced;
                }
                default -> source[k] = ONE;
            }
        }
        if (sliced && !batchUsed)
            throw new IllegalArgumentException("tensor " + tensor.id() + " has no batch axis " + tensor.axisIds()
                    + " to take the slices of a 3D image");
    }

    /** A value of each image dimension (x, y[, z]) taken from the space axis it comes from (0 where none does). */
    long[] imageValues(java.util.function.ToLongFunction<AxisSpec> value, int dims) {
        long[] out = new long[dims];
        for (int k = 0; k < axes.size(); k++)
            if (axes.get(k).type().equals("space") && source[k] >= 0 && source[k] < dims)
                out[source[k]] = value.applyAsLong(axes.get(k));
        return out;
    }

    /** The model-order shape for {@code channels} channel images of {@code size} (x, y[, z]). */
    long[] shape(int channels, long[] size) {
        long[] shape = new long[axes.size()];
        for (int k = 0; k < shape.length; k++)
            shape[k] = source[k] == CHANNEL ? channels : source[k] == ONE ? 1 : size[source[k]];
        return shape;
    }

    /** For each model axis, its stride in a CondSeg array {@code [C, (Z,) Y, X]} of the given image size (0 for size-1 axes). */
    private long[] canonicalStrides(long[] size) {
        long[] stride = new long[imageDims + 1]; // x, y, (z), channel
        long acc = 1;
        for (int d = 0; d < imageDims; d++) {
            stride[d] = acc;
            acc *= size[d];
        }
        stride[imageDims] = acc;
        long[] out = new long[axes.size()];
        for (int k = 0; k < out.length; k++)
            out[k] = source[k] == CHANNEL ? stride[imageDims] : source[k] == ONE ? 0 : stride[source[k]];
        return out;
    }

    /** Whether the model-order array has the same memory layout as CondSeg's (the strides of every axis longer than 1 agree). */
    private static boolean sameOrder(long[] shape, long[] canonicalStrides) {
        long acc = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            if (shape[k] > 1 && canonicalStrides[k] != acc)
                return false;
            acc *= shape[k];
        }
        return true;
    }

    /** A CondSeg array {@code [C, (Z,) Y, X]} of image size {@code size} (x, y[, z]) in the model's order (the same array where the orders agree). */
    float[] toModel(float[] canonical, int channels, long[] size) {
        return copy(canonical, channels, size, true);
    }

    /** A model-order array in CondSeg's order {@code [C, (Z,) Y, X]} (the same array where the orders agree). */
    float[] fromModel(float[] model, int channels, long[] size) {
        return copy(model, channels, size, false);
    }

    private float[] copy(float[] from, int channels, long[] size, boolean toModel) {
        long[] shape = shape(channels, size);
        long[] cs = canonicalStrides(size);
        if (sameOrder(shape, cs))
            return from; // the model's order is CondSeg's: nothing to move
        float[] to = new float[from.length];
        int[] index = new int[shape.length];
        long c = 0;
        for (int m = 0; m < from.length; m++) {
            if (toModel)
                to[m] = from[(int) c];
            else
                to[(int) c] = from[m];
            for (int k = shape.length - 1; k >= 0; k--) {
                c += cs[k];
                if (++index[k] < shape[k])
                    break;
                c -= cs[k] * shape[k];
                index[k] = 0;
            }
        }
        return to;
    }
}
