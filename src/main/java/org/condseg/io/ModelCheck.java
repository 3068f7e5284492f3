package org.condseg.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.condseg.model.OptionKey;
import org.condseg.model.InputException;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.RunException;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Tensor;
import org.condseg.model.TensorSpec;
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

    /** Largest accepted difference between a model's output and its published test output. */
    public static final double TOLERANCE = 1e-3;

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
     * Checks the weights' sha256, runs the test inputs and compares with the test outputs.
     *
     * @return one line per output and a last line {@code <id>: valid}
     * @throws ModelPackageException where the package is faulty or its outputs are not reproduced within {@link #TOLERANCE}
     * @throws RunException where the engine fails on the test inputs
     */
    public static List<String> validate(ModelSpec s, Consumer<String> notices) throws ModelPackageException, RunException {
        return validate(s, "cpu", notices);
    }

    /** As {@link #validate(ModelSpec, Consumer)}, on {@code device} (cpu, gpu or auto; a missing GPU falls back to the CPU with a notice). */
    public static List<String> validate(ModelSpec s, String device, Consumer<String> notices) throws ModelPackageException, RunException {
        List<String> lines = new ArrayList<>();
        List<Tensor> outputs;
        List<Tensor> expected = new ArrayList<>();
        try (Network net = Models.open(s, SegmentOptions.defaults().withDevice(device), notices)) {
            lines.add("device: " + net.device());
            List<Tensor> inputs = new ArrayList<>();
            for (TensorSpec t : s.inputs())
                inputs.add(testTensor(s, t));
            for (TensorSpec t : s.outputs())
                expected.add(testTensor(s, t));
            outputs = net.run(inputs);
        }
        double worst = 0;
        for (int i = 0; i < s.outputs().size(); i++) {
            Tensor want = expected.get(i);
            Tensor actual = outputs.get(i);
            if (want.data().length != actual.data().length)
                throw new ModelPackageException(s.folder(), "output " + want.name() + " has shape "
                        + actual.shapeText() + ", the test tensor " + want.shapeText());
            double diff = 0;
            for (int k = 0; k < actual.data().length; k++)
                diff = Math.max(diff, Math.abs(actual.data()[k] - want.data()[k]));
            lines.add(String.format(Locale.ROOT, "output %s: max abs difference %.3g over %d values", want.name(), diff,
                    actual.data().length));
            worst = Math.max(worst, diff);
        }
        if (worst > TOLERANCE)
            throw new ModelPackageException(s.folder(), String.format(Locale.ROOT,
                    "test outputs not reproduced: max abs difference %.3g > %.0e", worst, TOLERANCE));
        lines.add(s.id() + ": valid");
        return lines;
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
            sb.append(i > 0 ? ", " : "").append(a.id()).append(a.fixed() ? "=" + a.size() : "=" + a.min() + "+k*" + a.step());
        }
        return sb.append("] ").append(t.dataType()).toString();
    }
}
