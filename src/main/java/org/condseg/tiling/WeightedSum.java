package org.condseg.tiling;

import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Sums weighted tile outputs over an image: one accumulator per output channel and one sum of
 * weights, all flat {@code float[]} over the image interval, x fastest. At the end each output
 * voxel is its weighted sum divided by its sum of weights.
 *
 * <pre>{@code
 * WeightedSum sum = new WeightedSum(image, 2);
 * sum.add(tile, tileSize, tileOutput, GaussianWeights.of(tileSize));
 * sum.writeTo(outputs);
 * }</pre>
 */
final class WeightedSum {

    private final long[] min = new long[3];
    private final long[] max = new long[3];
    private final int sizeX;
    private final int sizeY;
    private final float[][] sums;
    private final float[] weights;

    WeightedSum(Interval image, int channels) {
        long voxels = Intervals.numElements(image);
        if (voxels > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("image " + Intervals.toString(image) + " has " + voxels
                    + " voxels, more than one float array can hold (" + (Integer.MAX_VALUE - 8) + ")");
        for (int d = 0; d < 3; d++) {
            min[d] = d < image.numDimensions() ? image.min(d) : 0;
            max[d] = d < image.numDimensions() ? image.max(d) : 0;
        }
        sizeX = (int) (max[0] - min[0] + 1);
        sizeY = (int) (max[1] - min[1] + 1);
        sums = new float[channels][(int) voxels];
        weights = new float[(int) voxels];
    }

    /**
     * Adds {@code w * output} to the sums and {@code w} to the weights, over the part of the tile
     * inside the image.
     *
     * @param tile the tile in image coordinates
     * @param output the tile output, {@code [Cout, (Z,) Y, X]} with X fastest
     * @param tileWeights the weight of each tile voxel, X fastest
     */
    void add(Interval tile, float[] output, float[] tileWeights) {
        long[] tileMin = new long[3];
        long[] tileSize = {1, 1, 1};
        for (int d = 0; d < tile.numDimensions(); d++) {
            tileMin[d] = tile.min(d);
            tileSize[d] = tile.dimension(d);
        }
        int tileVoxels = tileWeights.length;
        int x0 = (int) (Math.max(tileMin[0], min[0]) - tileMin[0]);
        int x1 = (int) (Math.min(tileMin[0] + tileSize[0] - 1, max[0]) - tileMin[0]);
        for (long z = Math.max(tileMin[2], min[2]); z <= Math.min(tileMin[2] + tileSize[2] - 1, max[2]); z++) {
            for (long y = Math.max(tileMin[1], min[1]); y <= Math.min(tileMin[1] + tileSize[1] - 1, max[1]); y++) {
                int t = (int) (((z - tileMin[2]) * tileSize[1] + (y - tileMin[1])) * tileSize[0]);
                int i = (int) (((z - min[2]) * sizeY + (y - min[1])) * sizeX + (tileMin[0] - min[0]));
                for (int x = x0; x <= x1; x++) {
                    float w = tileWeights[t + x];
                    if (w == 0)
                        continue; // a halo voxel: cropped
                    weights[i + x] += w;
                    for (int c = 0; c < sums.length; c++)
                        sums[c][i + x] += w * output[c * tileVoxels + t + x];
                }
            }
        }
    }

    /** Writes the weighted averages into {@code outputs}, one image per channel, over the image interval. */
    void writeTo(List<? extends RandomAccessibleInterval<FloatType>> outputs) {
        for (int c = 0; c < sums.length; c++) {
            float[] sum = sums[c];
            Cursor<FloatType> cursor = Views.flatIterable(outputs.get(c)).cursor();
            for (int i = 0; i < sum.length; i++)
                cursor.next().set(weights[i] == 0 ? 0 : sum[i] / weights[i]);
        }
    }
}
