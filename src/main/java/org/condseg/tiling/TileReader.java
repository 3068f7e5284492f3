package org.condseg.tiling;

import java.util.List;

import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Copies one tile of several channels into a {@code float[]} laid out as {@code [C, (Z,) Y, X]},
 * X fastest, filling whatever lies outside the image by mirroring at the border voxel
 * ({@code Views.extendMirrorSingle}; an axis of size 1 repeats its only voxel). Each channel is read in
 * bulk through imglib2's {@link PrimitiveBlocks} over the extended view, converted to float on the way
 * (per-pixel access only where imglib2 has no bulk path for the image's type). Not thread-safe.
 *
 * <pre>{@code
 * TileReader reader = new TileReader(channels, new long[] {64, 64});
 * float[] buffer = new float[channels.size() * 64 * 64];
 * reader.read(tile, buffer);
 * }</pre>
 */
final class TileReader {

    private final int n;
    private final int[] size;
    private final int voxels;
    private final List<PrimitiveBlocks<FloatType>> blocks;

    TileReader(List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels, long[] tileSize) {
        n = channels.get(0).numDimensions();
        size = new int[n];
        long v = 1;
        for (int d = 0; d < n; d++) {
            size[d] = Math.toIntExact(tileSize[d]);
            v *= size[d];
        }
        voxels = Math.toIntExact(v);
        blocks = channels.stream().map(TileReader::floats).toList();
    }

    private static <T extends RealType<T>> PrimitiveBlocks<FloatType> floats(RandomAccessibleInterval<? extends RealType<?>> channel) {
        @SuppressWarnings("unchecked")
        RandomAccessibleInterval<T> c = (RandomAccessibleInterval<T>) channel;
        RandomAccessible<FloatType> f = Converters.convert(mirrored(c), (a, b) -> b.setReal(a.getRealFloat()), new FloatType());
        return PrimitiveBlocks.of(f, PrimitiveBlocks.OnFallback.ACCEPT);
    }

    /**
     * The image mirrored at its border voxels; an axis of size 1 (where imglib2's mirror has no period)
     * repeats its only voxel.
     */
    private static <T extends RealType<T>> RandomAccessible<T> mirrored(RandomAccessibleInterval<T> image) {
        int n = image.numDimensions();
        for (int d = n - 1; d >= 0; d--)
            if (image.dimension(d) == 1) {
                // drop the axis, mirror the rest, and bring it back as a repeat at the same place
                RandomAccessible<T> rest = mirrored(Views.hyperSlice(image, d, image.min(d)));
                RandomAccessible<T> repeated = Views.addDimension(rest);
                return d == n - 1 ? repeated : Views.moveAxis(repeated, n - 1, d);
            }
        return Views.extendMirrorSingle(image);
    }

    /**
     * Copies the channels over {@code tile} into {@code buffer}, channel after channel.
     *
     * @param tile the tile in image coordinates, of the size given to the constructor
     * @param buffer at least channels &times; tile voxels long
     */
    void read(Interval tile, float[] buffer) {
        long[] min = tile.minAsLongArray();
        float[] one = blocks.size() == 1 && buffer.length == voxels ? buffer : new float[voxels];
        for (int c = 0; c < blocks.size(); c++) {
            blocks.get(c).copy(min, one, size);
            if (one != buffer)
                System.arraycopy(one, 0, buffer, c * voxels, voxels);
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
