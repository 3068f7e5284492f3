package org.condseg.io;

import java.util.ArrayList;
import java.util.List;

import org.condseg.model.ModelPackageException;
import org.condseg.model.Processing;

/**
 * Reads a bioimage.io pre- or post-processing list ({@code id} in format 0.5, {@code name} in 0.4,
 * each with {@code kwargs}).
 *
 * <pre>{@code
 * List<Processing> steps = ProcessingReader.read(node);
 * }</pre>
 */
final class ProcessingReader {

    private ProcessingReader() {
    }

    static List<Processing> read(YamlNode list) throws ModelPackageException {
        List<Processing> out = new ArrayList<>();
        for (YamlNode step : list.list()) {
            String id = step.has("id") ? step.string("id") : step.string("name");
            YamlNode kw = step.opt("kwargs");
            out.add(switch (id) {
                case "zero_mean_unit_variance" -> {
                    String mode = kw == null ? "per_sample" : kw.string("mode", "per_sample");
                    if (mode.equals("fixed"))
                        yield new Processing.FixedZeroMeanUnitVariance(kw.get("mean").numbers(),
                                kw.get("std").numbers(), kw.number("eps", 1e-6));
                    yield new Processing.ZeroMeanUnitVariance(kw == null ? 1e-6 : kw.number("eps", 1e-6));
                }
                case "fixed_zero_mean_unit_variance" -> new Processing.FixedZeroMeanUnitVariance(
                        kw.get("mean").numbers(), kw.get("std").numbers(), kw.number("eps", 1e-6));
                case "scale_range" -> new Processing.ScaleRange(kw == null ? 0 : kw.number("min_percentile", 0),
                        kw == null ? 100 : kw.number("max_percentile", 100), kw == null ? 1e-6 : kw.number("eps", 1e-6));
                case "scale_linear" -> new Processing.ScaleLinear(kw.has("gain") ? kw.get("gain").numbers() : new double[] {1},
                        kw.has("offset") ? kw.get("offset").numbers() : new double[] {0});
                case "clip" -> new Processing.Clip(kw.number("min", Double.NEGATIVE_INFINITY),
                        kw.number("max", Double.POSITIVE_INFINITY));
                case "sigmoid" -> new Processing.Sigmoid();
                case "binarize" -> new Processing.Binarize(kw == null ? 0.5 : kw.number("threshold", 0.5));
                case "ensure_dtype" -> new Processing.EnsureDtype(kw == null ? "float32" : kw.string("dtype", "float32"));
                default -> throw step.error("unknown processing step '" + id + "'");
            });
        }
        return out;
    }
}
