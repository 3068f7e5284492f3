package org.condseg.tiling;

import java.util.List;

import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Copies one tile of several channels into a {@code float[]} laid out as {@code [C, (Z,) Y, X]},
 * X fastest, filling whatever lies outside the image by mirroring at the border voxel, as
 * {@code Views.extendMirrorSingle} does (an axis of size 1 repeats its only voxel). It reuses its
 * index tables from tile to tile and is not thread-safe.
 *
 * <pre>{@code
 * TileReader reader = new TileReader(channels, new long[] {64, 64});
 * float[] buffer = new float[channels.size() * 64 * 64];
 * reader.read(tile, buffer);
 * }</pre>
 */
final class TileReader {

    private final int n;
    private final long[] imageMin;
    private final long[] imageSize;
    private final List<RandomAccess<? extends RealType<?>>> accesses;
    /** Per axis (x, y, z; z of size 1 in 2D): the image coordinate each tile position reads. */
    private final long[][] source = new long[3][];

    TileReader(List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels, long[] tileSize) {
        Interval image = channels.get(0);
        n = image.numDimensions();
        imageMin = image.minAsLongArray();
        imageSize = image.dimensionsAsLongArray();
        accesses = channels.stream().<RandomAccess<? extends RealType<?>>>map(RandomAccessibleInterval::randomAccess).toList();
        for (int d = 0; d < 3; d++)
            source[d] = new long[d < n ? Math.toIntExact(tileSize[d]) : 1];
    }

    /**
     * Copies the channels over {@code tile} into {@code buffer}, channel after channel.
     *
     * @param tile the tile in image coordinates, of the size given to the constructor
     * @param buffer at least channels &times; tile voxels long
     */
    void read(Interval tile, float[] buffer) {
        for (int d = 0; d < n; d++)
            for (int i = 0; i < source[d].length; i++)
                source[d][i] = imageMin[d] + mirror(tile.min(d) - imageMin[d] + i, imageSize[d]);
        long[] xs = source[0], ys = source[1], zs = source[2];
        int k = 0;
        for (RandomAccess<? extends RealType<?>> ra : accesses) {
            for (long z : zs) {
                if (n > 2)
                    ra.setPosition(z, 2);
                for (long y : ys) {
                    ra.setPosition(y, 1);
                    for (long x : xs) {
                        ra.setPosition(x, 0);
                        buffer[k++] = ra.get().getRealFloat();
                    }
                }
            }
        }
    }

    /**
     * Mirrors an offset into {@code [0, size)} without repeating the border voxel:
     * {@code -1 -> 1}, {@code size -> size - 2}.
     */
    static long mirror(long offset, long size) {
        if (size == 1)
            return 0;
        long period = 2 * size - 2;
        long m = Math.floorMod(offset, period);
        return m < size ? m : period - m;
    }
}
