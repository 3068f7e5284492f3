package org.condseg.model;

/**
 * A pre- or post-processing step of the bioimage.io specification, applied per channel.
 *
 * <pre>{@code
 * Processing p = new Processing.ScaleRange(1, 99.8, 1e-6);
 * }</pre>
 */
public sealed interface Processing {

    /** (x - mean) / (std + eps) over the whole tensor of each channel. */
    record ZeroMeanUnitVariance(double eps) implements Processing {
    }

    /** (x - mean[c]) / (std[c] + eps) with given values. */
    record FixedZeroMeanUnitVariance(double[] mean, double[] std, double eps) implements Processing {
    }

    /** (x - p_low) / (p_high - p_low + eps) with percentiles of each channel. */
    record ScaleRange(double minPercentile, double maxPercentile, double eps) implements Processing {
    }

    /** gain[c] * x + offset[c] (one value for all channels where the arrays have length 1). */
    record ScaleLinear(double[] gain, double[] offset) implements Processing {
    }

    /** Clamp to [min, max]. */
    record Clip(double min, double max) implements Processing {
    }

    /** 1 / (1 + e^-x). */
    record Sigmoid() implements Processing {
    }

    /** 1 where x &gt; threshold, else 0. */
    record Binarize(double threshold) implements Processing {
    }

    /** Cast to a data type; our tensors are float throughout, so this changes nothing. */
    record EnsureDtype(String dtype) implements Processing {
    }
}
