package org.condseg.segment;

import java.util.Arrays;
import java.util.List;

import org.condseg.model.Processing;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Applies bioimage.io processing steps: the input's preprocessing over a whole image (statistics
 * such as mean and percentiles are those of the image, not of a tile), the output's postprocessing
 * pointwise over a tile's values.
 *
 * <pre>{@code
 * Preprocessor.apply(spec.input().processing(), image);
 * Preprocessor.post(spec.output().processing(), tileValues);
 * }</pre>
 */
final class Preprocessor {

    private Preprocessor() {
    }

    /** Applies the steps in place over a single-channel image. */
    static void apply(List<Processing> steps, RandomAccessibleInterval<FloatType> image) {
        for (Processing p : steps) {
            if (p instanceof Processing.ZeroMeanUnitVariance z) {
                double[] ms = meanStd(image);
                map(image, v -> (v - ms[0]) / (ms[1] + z.eps()));
            } else if (p instanceof Processing.ScaleRange s) {
                float[] sorted = values(image);
                Arrays.sort(sorted);
                double lo = percentile(sorted, s.minPercentile()), hi = percentile(sorted, s.maxPercentile());
                map(image, v -> (v - lo) / (hi - lo + s.eps()));
            } else {
                map(image, v -> pointwise(p, v));
            }
        }
    }

    /** Applies pointwise steps to tile values in place (statistics steps are refused on outputs). */
    static void post(List<Processing> steps, float[] values) {
        for (Processing p : steps)
            for (int i = 0; i < values.length; i++)
                values[i] = (float) pointwise(p, values[i]);
    }

    private static double pointwise(Processing p, double v) {
        if (p instanceof Processing.ScaleLinear s)
            return s.gain()[0] * v + s.offset()[0];
        if (p instanceof Processing.Clip c)
            return Math.min(Math.max(v, c.min()), c.max());
        if (p instanceof Processing.Sigmoid)
            return 1 / (1 + Math.exp(-v));
        if (p instanceof Processing.Binarize b)
            return v > b.threshold() ? 1 : 0;
        if (p instanceof Processing.EnsureDtype)
            return v;
        if (p instanceof Processing.FixedZeroMeanUnitVariance f)
            return (v - f.mean()[0]) / (f.std()[0] + f.eps());
        throw new IllegalArgumentException(p + " needs image statistics and cannot run on a tile");
    }

    /** Linear-interpolated percentile (numpy's default) of sorted values. */
    static double percentile(float[] sorted, double pct) {
        double pos = pct / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    private static double[] meanStd(RandomAccessibleInterval<FloatType> image) {
        double sum = 0, ss = 0;
        long n = 0;
        for (FloatType t : Views.iterable(image)) {
            sum += t.get();
            n++;
        }
        double mean = sum / n;
        for (FloatType t : Views.iterable(image))
            ss += (t.get() - mean) * (t.get() - mean);
        return new double[] {mean, Math.sqrt(ss / n)};
    }

    private static float[] values(RandomAccessibleInterval<FloatType> image) {
        float[] v = new float[(int) Views.iterable(image).size()];
        int i = 0;
        for (FloatType t : Views.iterable(image))
            v[i++] = t.get();
        return v;
    }

    private static void map(RandomAccessibleInterval<FloatType> image, java.util.function.DoubleUnaryOperator f) {
        for (FloatType t : Views.iterable(image))
            t.set((float) f.applyAsDouble(t.get()));
    }
}
