package org.condseg.tiling;

/**
 * The network over one tile.
 * <p>
 * The input is a {@code float[]} laid out as {@code [C, (Z,) Y, X]} with X fastest: a C-order
 * tensor without the batch axis, of shape {@code inputShape = {C, (Z,) Y, X}}. The result is laid
 * out as {@code [Cout, (Z,) Y, X]} over the same spatial shape. The input array is reused for the
 * next tile, so a function must not keep it; it may return it, changed or not.
 *
 * <pre>{@code
 * TileFunction identity = (input, shape) -> input;
 * TileFunction channelSum = (input, shape) -> {
 *     int voxels = input.length / (int) shape[0];
 *     float[] sum = new float[voxels];
 *     for (int i = 0; i < input.length; i++)
 *         sum[i % voxels] += input[i];
 *     return sum;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TileFunction {

    /**
     * @param input the tile, {@code [C, (Z,) Y, X]} with X fastest
     * @param inputShape {@code {C, (Z,) Y, X}}
     * @return the output, {@code [Cout, (Z,) Y, X]} with X fastest
     * @throws Exception whatever the network throws; the predictor passes it on unchanged
     */
    float[] apply(float[] input, long[] inputShape) throws Exception;
}
