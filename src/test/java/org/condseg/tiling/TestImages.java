package org.condseg.tiling;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Seeded synthetic images and the direct (untiled) application of a tile function. */
final class TestImages {

    private TestImages() {}

    /** Uniform random values in [0, 1) over the interval with the given minimum and size. */
    static RandomAccessibleInterval<FloatType> random(Random random, long[] min, long[] size) {
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(size);
        for (FloatType t : img)
            t.set(random.nextFloat());
        return Views.translate(img, min);
    }

    static List<RandomAccessibleInterval<FloatType>> random(Random random, int channels, long[] min, long[] size) {
        List<RandomAccessibleInterval<FloatType>> images = new ArrayList<>();
        for (int c = 0; c < channels; c++)
            images.add(random(random, min, size));
        return images;
    }

    /** Images filled with {@code value} over {@code interval}. */
    static List<RandomAccessibleInterval<FloatType>> filled(int count, Interval interval, float value) {
        List<RandomAccessibleInterval<FloatType>> images = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(interval.dimensionsAsLongArray());
            for (FloatType t : img)
                t.set(value);
            images.add(Views.translate(img, interval.minAsLongArray()));
        }
        return images;
    }

    /** The tensor shape {@code {C, (Z,) Y, X}} of channels of the given imglib2 size {@code {x, y, (z)}}. */
    static long[] shape(int channels, long[] size) {
        long[] shape = new long[size.length + 1];
        shape[0] = channels;
        for (int d = 0; d < size.length; d++)
            shape[size.length - d] = size[d];
        return shape;
    }

    /** Applies {@code fn} to the whole image at once, as one tile without padding. */
    static List<RandomAccessibleInterval<FloatType>> direct(List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels,
            TileFunction fn, int outputs) throws Exception {
        Interval image = channels.get(0);
        int voxels = (int) Views.iterable(channels.get(0)).size();
        float[] input = new float[channels.size() * voxels];
        int k = 0;
        for (RandomAccessibleInterval<? extends RealType<?>> channel : channels)
            for (RealType<?> t : Views.flatIterable(channel))
                input[k++] = t.getRealFloat();
        float[] output = fn.apply(input, shape(channels.size(), image.dimensionsAsLongArray()));
        List<RandomAccessibleInterval<FloatType>> result = filled(outputs, image, 0);
        for (int c = 0; c < outputs; c++) {
            Cursor<FloatType> cursor = Views.flatIterable(result.get(c)).cursor();
            for (int i = 0; i < voxels; i++)
                cursor.next().set(output[c * voxels + i]);
        }
        return result;
    }

    /** What a tile function computes at one voxel, from the input channels there. */
    @FunctionalInterface
    interface VoxelFunction {
        void apply(float[] in, float[] out);
    }

    /** A tile function that applies {@code f} voxel by voxel. */
    static TileFunction perVoxel(int outputs, VoxelFunction f) {
        return (input, shape) -> {
            int channels = (int) shape[0];
            int voxels = input.length / channels;
            float[] output = new float[outputs * voxels];
            float[] in = new float[channels];
            float[] out = new float[outputs];
            for (int v = 0; v < voxels; v++) {
                for (int c = 0; c < channels; c++)
                    in[c] = input[c * voxels + v];
                f.apply(in, out);
                for (int c = 0; c < outputs; c++)
                    output[c * voxels + v] = out[c];
            }
            return output;
        };
    }
}
