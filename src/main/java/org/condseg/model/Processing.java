package org.condseg.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A pre- or post-processing step of the bioimage.io specification (format 0.5, with format 0.4's steps
 * converted as the specification's own converter does). Axis names are the description's axis ids
 * ({@code batch}, {@code channel}, {@code x}, ...). A list of axes ({@code axes}) names the axes reduced
 * jointly to compute a statistic; {@code null} means all axes jointly, the specification's default. One
 * axis ({@code axis}) names the axis along which per-entry values (gain, mean, threshold) apply;
 * {@code null} means one value for the whole tensor.
 *
 * <pre>{@code
 * Processing p = new Processing.ScaleRange(List.of("y", "x"), 1, 99.8, 1e-6, null);
 * }</pre>
 */
public sealed interface Processing {

    /** Whether the step maps each value on its own (no statistics, no neighbours along an axis). */
    default boolean pointwise() {
        return this instanceof Binarize || this instanceof Clip || this instanceof EnsureDtype || this instanceof ScaleLinear
                || this instanceof Sigmoid || this instanceof FixedZeroMeanUnitVariance;
    }

    /** The data types of the specification. */
    enum DataType {
        FLOAT32, FLOAT64, UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64, BOOL;

        /** The type for a name such as {@code float32}. */
        public static DataType of(String name) {
            for (DataType t : values())
                if (t.text().equals(name))
                    return t;
            throw new IllegalArgumentException("unknown data type '" + name + "' (expected one of "
                    + Arrays.stream(values()).map(DataType::text).toList() + ")");
        }

        /** The specification's name, e.g. {@code float32}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether values of this type are floating point. */
        public boolean isFloat() {
            return this == FLOAT32 || this == FLOAT64;
        }
    }

    /** 1 where x &gt; threshold, else 0; one threshold, or one per entry along {@code axis}. */
    record Binarize(double[] threshold, String axis) implements Processing {
    }

    /** Clamp to [min, max] (either may be infinite). */
    record Clip(double min, double max) implements Processing {
    }

    /** Cast to a data type: rounding to float32, truncation and saturation for integer types, x != 0 for bool. */
    record EnsureDtype(DataType dtype) implements Processing {
    }

    /** gain * x + offset; one value each, or one per entry along {@code axis}. */
    record ScaleLinear(double[] gain, double[] offset, String axis) implements Processing {
    }

    /** 1 / (1 + e^-x). */
    record Sigmoid() implements Processing {
    }

    /** exp(x) / sum(exp(x)) along {@code axis}. */
    record Softmax(String axis) implements Processing {
    }

    /** (x - mean) / (std + eps) with given values; one each, or one per entry along {@code axis}. */
    record FixedZeroMeanUnitVariance(double[] mean, double[] std, String axis, double eps) implements Processing {
    }

    /** (x - mean) / (std + eps) with the mean and (population) standard deviation over {@code axes} jointly. */
    record ZeroMeanUnitVariance(List<String> axes, double eps) implements Processing {
        public ZeroMeanUnitVariance {
            axes = axes == null ? null : List.copyOf(axes);
        }
    }

    /**
     * (x - p_low) / (p_high - p_low + eps) with percentiles (linear interpolation, numpy's default) over
     * {@code axes} jointly, of {@code referenceTensor} ({@code null}: of the tensor itself).
     */
    record ScaleRange(List<String> axes, double minPercentile, double maxPercentile, double eps, String referenceTensor)
            implements Processing {
        public ScaleRange {
            axes = axes == null ? null : List.copyOf(axes);
        }
    }

    /** (x - mean) / (std + eps) * (ref_std + eps) + ref_mean, statistics over {@code axes} jointly. */
    record ScaleMeanVariance(String referenceTensor, List<String> axes, double eps) implements Processing {
        public ScaleMeanVariance {
            axes = axes == null ? null : List.copyOf(axes);
        }
    }
}
