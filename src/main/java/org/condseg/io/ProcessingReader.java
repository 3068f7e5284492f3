package org.condseg.io;

import java.util.ArrayList;
import java.util.List;

import org.condseg.model.AxisSpec;
import org.condseg.model.ModelPackageException;
import org.condseg.model.Processing;

/**
 * Reads a bioimage.io pre- or post-processing list into typed steps: {@code id} and {@code kwargs} in
 * format 0.5, {@code name} and {@code kwargs} in format 0.4, whose axis letters ({@code axes: yx}) become
 * axis ids and whose {@code mode} is honoured: {@code per_sample} statistics of each sample, {@code fixed}
 * given values, and {@code per_dataset} refused (CondSeg has no dataset statistics to use). A step this
 * reader does not know, or one named where the specification does not allow it, is refused naming its
 * field.
 *
 * <pre>{@code
 * List<Processing> steps = ProcessingReader.read(node, true, tensor.axes(), true);
 * }</pre>
 */
final class ProcessingReader {

    private ProcessingReader() {
    }

    static List<Processing> read(YamlNode list, boolean v05, List<AxisSpec> axes, boolean input) throws ModelPackageException {
        List<Processing> out = new ArrayList<>();
        List<String> ids = axes.stream().map(AxisSpec::id).toList();
        for (YamlNode step : list.list()) {
            String id = v05 ? step.string("id") : step.string("name");
            YamlNode kw = step.mapOrEmpty("kwargs");
            Processing p = v05 ? step05(step, id, kw, ids) : step04(step, id, kw, ids);
            if (input && p instanceof Processing.ScaleMeanVariance)
                throw step.error("'" + id + "' is a postprocessing step; it is not allowed in preprocessing");
            out.add(p);
        }
        return out;
    }

    private static Processing step05(YamlNode step, String id, YamlNode kw, List<String> ids) throws ModelPackageException {
        return switch (id) {
            case "binarize" -> {
                double[] threshold = kw.get("threshold").numbers();
                String axis = axis(kw, "axis", ids, null);
                if (axis == null && threshold.length > 1)
                    throw kw.get("threshold").error("several thresholds need an axis they apply along");
                yield new Processing.Binarize(threshold, axis);
            }
            case "clip" -> clip(kw);
            case "ensure_dtype" -> new Processing.EnsureDtype(dtype(kw.get("dtype")));
            case "fixed_zero_mean_unit_variance" -> fixedZmuv(kw, kw.get("mean").numbers(), kw.get("std").numbers(),
                    axis(kw, "axis", ids, null));
            case "scale_linear" -> scaleLinear(kw, axis(kw, "axis", ids, null));
            case "scale_mean_variance" -> new Processing.ScaleMeanVariance(kw.string("reference_tensor"),
                    axes05(kw, ids), eps(kw));
            case "scale_range" -> scaleRange(kw, axes05(kw, ids));
            case "sigmoid" -> new Processing.Sigmoid();
            case "softmax" -> new Processing.Softmax(axis(kw, "axis", ids, "channel"));
            case "zero_mean_unit_variance" -> new Processing.ZeroMeanUnitVariance(axes05(kw, ids), eps(kw));
            default -> throw step.get("id").error("unknown processing step '" + id + "' (CondSeg knows binarize, clip, "
                    + "ensure_dtype, fixed_zero_mean_unit_variance, scale_linear, scale_mean_variance, scale_range, sigmoid, "
                    + "softmax, zero_mean_unit_variance)");
        };
    }

    private static Processing step04(YamlNode step, String id, YamlNode kw, List<String> ids) throws ModelPackageException {
        return switch (id) {
            case "binarize" -> new Processing.Binarize(new double[] {kw.get("threshold").number()}, null);
            case "clip" -> clip(kw);
            case "sigmoid" -> new Processing.Sigmoid();
            case "scale_linear" -> {
                List<String> joint = kw.has("axes") ? letters(kw.get("axes"), ids) : null;
                boolean several = kw.has("gain") && kw.get("gain").numbers().length > 1
                        || kw.has("offset") && kw.get("offset").numbers().length > 1;
                yield scaleLinear(kw, perEntryAxis(kw, joint, ids, several));
            }
            case "zero_mean_unit_variance" -> {
                String mode = mode(kw, true);
                List<String> joint = letters(kw.get("axes"), ids);
                if (mode.equals("fixed")) {
                    double[] mean = kw.get("mean").numbers(), std = kw.get("std").numbers();
                    yield fixedZmuv(kw, mean, std, perEntryAxis(kw, joint, ids, mean.length > 1 || std.length > 1));
                }
                yield new Processing.ZeroMeanUnitVariance(joint, eps(kw));
            }
            case "scale_range" -> {
                mode(kw, false);
                yield scaleRange(kw, letters(kw.get("axes"), ids));
            }
            case "scale_mean_variance" -> {
                mode(kw, false);
                List<String> joint = kw.has("axes") ? letters(kw.get("axes"), ids)
                        : ids.stream().filter(a -> !a.equals("batch")).toList();
                yield new Processing.ScaleMeanVariance(kw.string("reference_tensor"), joint, eps(kw));
            }
            default -> throw step.get("name").error("unknown processing step '" + id + "' (format 0.4 knows binarize, clip, "
                    + "scale_linear, scale_mean_variance, scale_range, sigmoid, zero_mean_unit_variance)");
        };
    }

    /** Format 0.4's {@code mode}: per_sample (and, where allowed, fixed) are honoured, per_dataset is refused. */
    private static String mode(YamlNode kw, boolean fixedAllowed) throws ModelPackageException {
        String mode = fixedAllowed ? kw.string("mode", "fixed") : kw.string("mode");
        if (mode.equals("per_dataset"))
            throw kw.get("mode").error("mode per_dataset needs statistics over a whole dataset, which CondSeg does not have;"
                    + " use mode: per_sample" + (fixedAllowed ? " or mode: fixed with mean and std" : ""));
        if (mode.equals("per_sample") || fixedAllowed && mode.equals("fixed"))
            return mode;
        throw kw.get("mode").error("expected per_sample" + (fixedAllowed ? " or fixed" : ""));
    }

    private static Processing clip(YamlNode kw) throws ModelPackageException {
        if (!kw.has("min") && !kw.has("max"))
            throw kw.error("clip needs min or max");
        double min = kw.number("min", Double.NEGATIVE_INFINITY), max = kw.number("max", Double.POSITIVE_INFINITY);
        if (!(min <= max))
            throw kw.get("max").error("max must not be below min " + min);
        return new Processing.Clip(min, max);
    }

    private static Processing scaleLinear(YamlNode kw, String axis) throws ModelPackageException {
        double[] gain = kw.has("gain") ? kw.get("gain").numbers() : new double[] {1};
        double[] offset = kw.has("offset") ? kw.get("offset").numbers() : new double[] {0};
        if (gain.length != offset.length) {
            if (gain.length == 1)
                gain = filled(gain[0], offset.length);
            else if (offset.length == 1)
                offset = filled(offset[0], gain.length);
            else
                throw kw.get("offset").error("gain has " + gain.length + " values, offset " + offset.length);
        }
        if (axis == null && gain.length > 1)
            throw kw.error("several gain or offset values need an axis they apply along");
        return new Processing.ScaleLinear(gain, offset, axis);
    }

    private static Processing fixedZmuv(YamlNode kw, double[] mean, double[] std, String axis) throws ModelPackageException {
        if (mean.length != std.length)
            throw kw.get("std").error("mean has " + mean.length + " values, std " + std.length);
        if (axis == null && mean.length > 1)
            throw kw.error("several mean and std values need an axis they apply along");
        for (double s : std)
            if (!(s >= 0))
                throw kw.get("std").error("std must not be negative");
        return new Processing.FixedZeroMeanUnitVariance(mean, std, axis, eps(kw));
    }

    private static Processing scaleRange(YamlNode kw, List<String> axes) throws ModelPackageException {
        double lo = kw.number("min_percentile", 0), hi = kw.number("max_percentile", 100);
        if (!(lo >= 0 && lo < hi && hi <= 100))
            throw kw.error("expected 0 <= min_percentile < max_percentile <= 100, got " + lo + " and " + hi);
        return new Processing.ScaleRange(axes, lo, hi, eps(kw), kw.has("reference_tensor") ? kw.string("reference_tensor") : null);
    }

    private static double eps(YamlNode kw) throws ModelPackageException {
        double eps = kw.number("eps", 1e-6);
        if (!(eps > 0 && eps <= 0.1))
            throw kw.get("eps").error("expected 0 < eps <= 0.1");
        return eps;
    }

    private static Processing.DataType dtype(YamlNode node) throws ModelPackageException {
        try {
            return Processing.DataType.of(node.string());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    /** Format 0.5's {@code axes}: a list of axis ids, or absent for all axes jointly. */
    private static List<String> axes05(YamlNode kw, List<String> ids) throws ModelPackageException {
        if (!kw.has("axes"))
            return null;
        List<String> axes = kw.get("axes").strings();
        for (String a : axes)
            if (!ids.contains(a))
                throw kw.get("axes").error("axis '" + a + "' is not one of the tensor's axes " + ids);
        return axes;
    }

    private static String axis(YamlNode kw, String key, List<String> ids, String fallback) throws ModelPackageException {
        String a = kw.string(key, fallback);
        if (a != null && !ids.contains(a))
            throw (kw.has(key) ? kw.get(key) : kw).error("axis '" + a + "' is not one of the tensor's axes " + ids);
        return a;
    }

    /** Format 0.4's axis letters ({@code yx}, {@code cyx}) as axis ids; b, c, i and t become batch, channel, index, time. */
    private static List<String> letters(YamlNode node, List<String> ids) throws ModelPackageException {
        String s = node.string();
        List<String> out = new ArrayList<>();
        for (char c : s.toCharArray()) {
            String id = ModelPackageReader.axisId04(c);
            if (id == null || !ids.contains(id))
                throw node.error("axis '" + c + "' is not one of the tensor's axes " + ids);
            out.add(id);
        }
        return out;
    }

    /** The one non-batch axis not normalised jointly, along which format 0.4's per-entry values apply. */
    private static String perEntryAxis(YamlNode kw, List<String> joint, List<String> ids, boolean several)
            throws ModelPackageException {
        if (!several)
            return null;
        List<String> rest = ids.stream().filter(a -> !a.equals("batch") && (joint == null || !joint.contains(a))).toList();
        if (rest.size() != 1)
            throw kw.error("several values need exactly one axis outside 'axes' to apply along, found " + rest);
        return rest.get(0);
    }

    private static double[] filled(double v, int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
