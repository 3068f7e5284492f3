package org.condseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.io.Npy;
import org.condseg.model.InputException;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Tensor;
import org.condseg.model.TensorSpec;
import org.condseg.runtime.Network;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code models list|info ID|validate PATH}: the model registry.
 *
 * <pre>{@code
 * java -jar condseg.jar models validate models/interactive-2d
 * }</pre>
 */
@Command(name = "models", description = "List, describe and validate model packages.")
final class ModelsCommand {

    /** Largest accepted difference between a model's output and its published test output. */
    static final double TOLERANCE = 1e-3;

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--models", paramLabel = "DIR", description = "folder of model packages searched first")
    Path modelsDir;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Command(name = "list", description = "List the installed models.")
    int list() throws ModelPackageException {
        PrintWriter out = cmd.commandLine().getOut();
        Models models = Models.standard(modelsDir);
        for (String id : models.ids()) {
            ModelSpec s = models.find(id);
            out.printf("%-20s %-12s %s%n", id, s.conditioning().task().name().toLowerCase(Locale.ROOT), s.name());
        }
        if (models.ids().isEmpty())
            out.println("no models in " + models.roots());
        return 0;
    }

    @Command(name = "info", description = "Describe one model.")
    int info(@Parameters(paramLabel = "ID|PATH") String id) throws ModelPackageException {
        PrintWriter out = cmd.commandLine().getOut();
        ModelSpec s = Models.standard(modelsDir).find(id);
        out.println("id:        " + s.id());
        out.println("name:      " + s.name());
        out.println("folder:    " + s.folder().toAbsolutePath().normalize());
        out.println("format:    " + s.formatVersion());
        out.println("task:      " + s.conditioning().task().name().toLowerCase(Locale.ROOT));
        for (TensorSpec t : s.inputs())
            out.println("input:     " + describe(t));
        for (TensorSpec t : s.outputs())
            out.println("output:    " + describe(t));
        out.println("weights:   " + s.weights().getFileName() + " sha256 " + s.sha256());
        if (!s.conditioning().conditions().isEmpty())
            out.println("condition: " + s.conditioning().conditions());
        if (s.conditioning().latent() != null)
            out.println("latent:    " + s.conditioning().latent().input() + " [N, " + s.conditioning().latent().size()
                    + "] standard normal, one row per sample (--samples N --seed S)");
        if (!s.conditioning().classes().isEmpty())
            out.println("classes:   " + String.join(", ", s.conditioning().classes()));
        return 0;
    }

    @Command(name = "validate", description = "Check a package: description, weights checksum, and its test tensors reproduced.")
    int validate(@Parameters(paramLabel = "ID|PATH") String id) throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        ModelSpec s = Models.standard(modelsDir).find(id);
        List<Tensor> outputs;
        List<Tensor> expected = new ArrayList<>();
        try (Network net = Models.open(s, SegmentOptions.defaults(), cmd.commandLine().getErr()::println)) {
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
            out.printf(Locale.ROOT, "output %s: max abs difference %.3g over %d values%n", want.name(), diff,
                    actual.data().length);
            worst = Math.max(worst, diff);
        }
        if (worst > TOLERANCE)
            throw new ModelPackageException(s.folder(), String.format(Locale.ROOT,
                    "test outputs not reproduced: max abs difference %.3g > %.0e", worst, TOLERANCE));
        out.println(s.id() + ": valid");
        return 0;
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
