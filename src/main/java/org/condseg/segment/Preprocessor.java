package org.condseg.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.condseg.model.Tensor;
import org.condseg.model.TensorSpec;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Applies a model's processing where CondSeg runs it: the input's preprocessing over whole images (all
 * channels as one tensor in the model's axes, so statistics are those of the image, per channel or jointly
 * as the step says, not of a tile), the output's postprocessing over each tile's output.
 *
 * <pre>{@code
 * Preprocessor.apply(spec.input(), List.of(image));
 * float[] out = Preprocessor.post(spec, tileOutput, outputShape, tileInput);
 * }</pre>
 */
final class Preprocessor {

    private Preprocessor() {
    }

    /**
     * Applies {@code in}'s preprocessing in place over channel images of equal size (x, y[, z]); a 2D model
     * given 3D images takes the slices as its batch, so statistics over the batch are those of the volume.
     */
    static void apply(TensorSpec in, List<? extends RandomAccessibleInterval<FloatType>> channels) {
        if (in.processing().isEmpty())
            return;
        var first = channels.get(0);
        long[] size = first.dimensionsAsLongArray();
        Layout layout = new Layout(in, size.length);
        long voxels = 1;
        for (long s : size)
            voxels *= s;
        float[] canonical = new float[Math.toIntExact(voxels * channels.size())];
        int i = 0;
        for (var c : channels)
            for (FloatType t : Views.flatIterable(c))
                canonical[i++] = t.get();
        float[] model = layout.toModel(canonical, channels.size(), size);
        Tensor t = TensorProcessing.apply(in.processing(), new Tensor(in.id(), layout.shape(channels.size(), size), model),
                in.axisIds(), Map.of());
        canonical = layout.fromModel(t.data(), channels.size(), size);
        i = 0;
        for (var c : channels) {
            Cursor<FloatType> cursor = Views.flatIterable(c).cursor();
            while (cursor.hasNext())
                cursor.next().set(canonical[i++]);
        }
    }

    /** Applies {@code in}'s preprocessing in place over one single-channel image. */
    static void apply(TensorSpec in, RandomAccessibleInterval<FloatType> image) {
        List<RandomAccessibleInterval<FloatType>> one = new ArrayList<>();
        one.add(image);
        apply(in, one);
    }

    /**
     * Postprocesses one tile's network output (model order, shape {@code shape}); a step naming the input
     * as its reference tensor sees the tile's input.
     */
    static float[] post(TensorSpec out, float[] values, long[] shape, TensorSpec in, Tensor input) {
        if (out.processing().isEmpty())
            return values;
        return TensorProcessing.apply(out.processing(), new Tensor(out.id(), shape, values), out.axisIds(),
                Map.of(in.id(), new TensorProcessing.Named(input, in.axisIds()))).data();
    }
}
