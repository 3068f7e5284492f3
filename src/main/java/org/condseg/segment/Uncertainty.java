package org.condseg.segment;

import org.condseg.model.SegmentResult;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Per-voxel uncertainty of a segmentation. For one foreground probability p it is the binary entropy
 * {@code -p log2 p - (1-p) log2 (1-p)} in bits: 0 where the model is sure, 1 where p = 0.5. This is the
 * one meaning of uncertainty in every front end: for a generative model p is the mean of its samples'
 * probabilities (which its result already carries as its uncertainty), for any other model its probability.
 *
 * <pre>{@code
 * Img<FloatType> u = Uncertainty.entropy(result.probabilities()); // values in [0, 1]
 * }</pre>
 */
public final class Uncertainty {

    private Uncertainty() {
    }

    /** The result's uncertainty: its own (a generative model's), else the entropy of its probability. */
    public static Img<FloatType> of(SegmentResult result) {
        if (result.uncertainty() != null)
            return result.uncertainty();
        if (result.probabilities() == null)
            throw new IllegalArgumentException("the result has no probability to take the uncertainty of");
        return entropy(result.probabilities());
    }

    public static Img<FloatType> entropy(RandomAccessibleInterval<? extends RealType<?>> probabilities) {
        Img<FloatType> out = ArrayImgs.floats(probabilities.dimensionsAsLongArray());
        Cursor<? extends RealType<?>> in = Views.flatIterable(probabilities).cursor();
        Cursor<FloatType> o = Views.flatIterable(out).cursor();
        while (o.hasNext())
            o.next().set((float) entropy(in.next().getRealDouble()));
        return out;
    }

    /** The binary entropy of p in bits (p outside [0, 1] is clamped). */
    public static double entropy(double p) {
        p = Math.min(1, Math.max(0, p));
        if (p == 0 || p == 1)
            return 0;
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }
}
