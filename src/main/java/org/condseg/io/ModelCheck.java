package org.condseg.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.condseg.model.AxisSpec;
import org.condseg.model.OptionKey;
import org.condseg.model.InputException;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.RunException;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Processing;
import org.condseg.model.Tensor;
import org.condseg.model.TensorSpec;
import org.condseg.model.Tolerance;
import org.condseg.segment.TensorProcessing;
import org.condseg.runtime.Network;

/**
 * What {@code models info} and {@code models validate} (and ImageJ's Model Manager) say about a package:
 * a description, and a check that its weights reproduce its published test outputs.
 *
 * <pre>{@code
 * ModelCheck.describe(spec).forEach(System.out::println);
 * ModelCheck.validate(spec, System.err::println).forEach(System.out::println); // throws where not reproduced
 * }</pre>
 */
public final class ModelCheck {

    private ModelCheck() {
    }

    /** Lines describing the package: id, name, folder, format, task, tensors, weights, conditions, classes. */
    public static List<String> describe(ModelSpec s) {
        List<String> out = new ArrayList<>();
        out.add("id:        " + s.id());
        out.add("name:      " + s.name());
        out.add("folder:    " + s.folder().toAbsolutePath().normalize());
        out.add("format:    " + s.formatVersion());
        out.add("task:      " + s.conditioning().task().name().toLowerCase(Locale.ROOT));
        for (TensorSpec t : s.inputs())
            out.add("input:     " + describe(t));
        for (TensorSpec t : s.outputs())
            out.add("output:    " + describe(t));
        out.add("weights:   " + s.weights().getFileName() + " sha256 " + s.sha256());
        if (!s.conditioning().conditions().isEmpty())
            out.add("condition: " + s.conditioning().conditions());
        if (s.conditioning().latent() != null)
            out.add("latent:    " + s.conditioning().latent().input() + " [N, " + s.conditioning().latent().size()
                    + "] standard normal, one row per sample (" + OptionKey.SAMPLES.mark() + ")");
        if (!s.conditioning().classes().isEmpty())
            out.add("classes:   " + String.join(", ", s.conditioning().classes()));
        return out;
    }

    /**
     * Checks the weights' and test tensors' sha256, runs the whole pipeline on the test inputs (preprocessing,
     * network, postprocessing, tensors bound by position) and compares with the test outputs within the
     * model's reproducibility tolerance ({@link ModelSpec#tolerance(String)}).
     *
     * @return one line per output and a last line {@code <id>: valid}
     * @throws ModelPackageException where the package is faulty or its outputs are not reproduced
     * @throws RunException where the engine fails on the test inputs
     */
    public static List<String> validate(ModelSpec s, Consumer<String> notices) throws ModelPackageException, RunException {
        return validate(s, "cpu", notices);
    }

    /** As {@link #validate(ModelSpec, Consumer)}, on {@code device} (cpu, gpu or auto; a missing GPU falls back to the CPU with a notice). */
    public static List<String> validate(ModelSpec s, String device, Consumer<String> notices) throws ModelPackageException, RunException {
        List<String> lines = new ArrayList<>();
        Map<String, TensorProcessing.Named> seen = new LinkedHashMap<>();
        List<Tensor> inputs = new ArrayList<>();
        List<long[]> inputShapes = new ArrayList<>();
        for (int i = 0; i < s.inputs().size(); i++) {
            TensorSpec t = s.inputs().get(i);
            Tensor raw = testTensor(s, t);
            checkShape(s, t, raw, "test input");
            inputShapes.add(raw.shape());
            List<Processing> steps = t.processing();
            if (i == 0 && s.volumeStatistics()) {
                steps = steps.stream().filter(Processing::pointwise).toList();
                lines.add("input " + t.id() + ": statistics steps skipped, the test input carries the whole volume's"
                        + " (config.condseg.scaling_scope: volume)");
            }
            Tensor ready = process(s, steps, raw, t, seen);
            seen.put(t.id(), new TensorProcessing.Named(ready, t.axisIds()));
            inputs.add(ready);
        }
        List<Tensor> outputs;
        try (Network net = Models.open(s, SegmentOptions.defaults().withDevice(device), notices)) {
            lines.add(0, "device: " + net.device());
            outputs = net.run(inputs);
        }
        if (outputs.size() != s.outputs().size())
            throw new ModelPackageException(s.folder(), "the network returned " + outputs.size() + " outputs, the description declares "
                    + s.outputs().size());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < s.outputs().size(); i++) {
            TensorSpec t = s.outputs().get(i);
            Tensor actual = new Tensor(t.id(), outputs.get(i).shape(), outputs.get(i).data());
            long[] declared = s.outputShape(t, inputShapes);
            checkShape(s, t, actual, declared, "network output");
            actual = process(s, t.processing(), actual, t, seen);
            seen.put(t.id(), new TensorProcessing.Named(actual, t.axisIds()));
            Tensor want = testTensor(s, t);
            if (!Arrays.equals(want.shape(), actual.shape()))
                throw new ModelPackageException(s.folder(), "output " + t.id() + " has shape " + actual.shapeText()
                        + ", its test tensor " + want.shapeText());
            Tolerance tol = s.tolerance(t.id());
            checkTolerances(s, t.id(), want);
            long mismatched = 0;
            double worst = 0;
            for (int k = 0; k < actual.data().length; k++) {
                if (tol.mismatched(actual.data()[k], want.data()[k]))
                    mismatched++;
                worst = Math.max(worst, Math.abs(actual.data()[k] - want.data()[k]));
            }
            double ppm = mismatched * 1e6 / actual.data().length;
            lines.add(String.format(Locale.ROOT, "output %s: %d of %d values mismatched (%.1f per million; allowed %.1f at rtol %.1e,"
                    + " atol %.1e), max abs difference %.3g", t.id(), mismatched, actual.data().length, ppm,
                    tol.mismatchedPerMillion(), tol.relative(), tol.absolute(), worst));
            if (ppm > tol.mismatchedPerMillion())
                failures.add(String.format(Locale.ROOT, "%s: %d of %d values differ by more than %.1e + %.1e * |expected|"
                        + " (%.1f per million > %.1f), max abs difference %.3g", t.id(), mismatched, actual.data().length,
                        tol.absolute(), tol.relative(), ppm, tol.mismatchedPerMillion(), worst));
        }
        if (!failures.isEmpty())
            throw new ModelPackageException(s.folder(), "test outputs not reproduced: " + String.join("; ", failures));
        lines.add(s.id() + ": valid");
        return lines;
    }

    /** The specification refuses an absolute tolerance above 1% of the test output's maximum. */
    private static void checkTolerances(ModelSpec s, String id, Tensor want) throws ModelPackageException {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : want.data())
            max = Math.max(max, v);
        for (Tolerance t : s.tolerances())
            if (t.absolute() > 0 && (t.outputIds().isEmpty() || t.outputIds().contains(id)) && t.absolute() > 0.01 * max)
                throw new ModelPackageException(s.folder(), String.format(Locale.ROOT, "config.bioimageio.reproducibility_tolerance:"
                        + " absolute_tolerance %.3g is more than 1%% of the maximum %.3g of the test output %s", t.absolute(), max, id));
    }

    private static Tensor process(ModelSpec s, List<Processing> steps, Tensor t, TensorSpec spec,
            Map<String, TensorProcessing.Named> seen) throws ModelPackageException {
        try {
            return TensorProcessing.apply(steps, t, spec.axisIds(), seen);
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(s.folder(), "processing of " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    private static void checkShape(ModelSpec s, TensorSpec t, Tensor x, String what) throws ModelPackageException {
        long[] declared = new long[t.axes().size()];
        Arrays.fill(declared, -1);
        checkShape(s, t, x, declared, what);
    }

    /** Checks rank and sizes: fixed or parameterised sizes the axes accept, and {@code declared} sizes where known. */
    private static void checkShape(ModelSpec s, TensorSpec t, Tensor x, long[] declared, String what) throws ModelPackageException {
        if (x.shape().length != t.axes().size())
            throw new ModelPackageException(s.folder(), what + " " + t.id() + " has shape " + x.shapeText() + ", the description declares "
                    + t.axes().size() + " axes " + t.axisIds());
        for (int k = 0; k < declared.length; k++) {
            AxisSpec a = t.axes().get(k);
            long n = x.shape()[k];
            if (declared[k] >= 0 ? n != declared[k] : !a.accepts(n))
                throw new ModelPackageException(s.folder(), what + " " + t.id() + " has size " + n + " on axis " + a.id()
                        + " (shape " + x.shapeText() + "), the description declares " + (declared[k] >= 0 ? "size " + declared[k]
                        : a.fixed() ? "size " + a.size() : "min " + a.min() + " step " + a.step()));
        }
    }

    /** A package's test tensor; a missing or unreadable one is a fault of the package. */
    private static Tensor testTensor(ModelSpec s, TensorSpec t) throws ModelPackageException {
        Path file = ModelPackageReader.testTensor(s, t);
        try {
            return Npy.read(file, t.id());
        } catch (InputException e) {
            throw new ModelPackageException(file, "test tensor of " + t.id() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(TensorSpec t) {
        StringBuilder sb = new StringBuilder(t.id()).append(" [");
        for (int i = 0; i < t.axes().size(); i++) {
            var a = t.axes().get(i);
            sb.append(i > 0 ? ", " : "").append(a.id());
            if (a.reference() != null)
                sb.append("=").append(a.reference().tensorId()).append('.').append(a.reference().axisId())
                        .append(a.scale() != 1 ? "/" + a.scale() : "").append(a.reference().offset() != 0 ? "+" + a.reference().offset() : "");
            else if (a.type().equals("batch"))
                sb.append("=N");
            else
                sb.append(a.fixed() ? "=" + a.size() : "=" + a.min() + "+k*" + a.step());
            if (a.halo() > 0)
                sb.append(" halo ").append(a.halo());
        }
        return sb.append("] ").append(t.dataType()).toString();
    }
}
