package org.condseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.condseg.io.ModelCheck;
import org.condseg.io.ModelSummary;
import org.condseg.io.ModelImport;
import org.condseg.io.Models;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code models list|info ID|validate PATH|import PATH.zip}: the model registry.
 *
 * <pre>{@code
 * java -jar condseg.jar models validate models/interactive-2d
 * }</pre>
 */
@Command(name = "models", description = "List, describe and validate model packages.")
final class ModelsCommand {

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
        var spec = Models.standard(modelsDir).find(id);
        ModelSummary.of(spec).forEach(out::println);
        ModelCheck.describe(spec).forEach(out::println);
        return 0;
    }

    @Command(name = "validate", description = "Check a package: description, weights checksum, and its test tensors reproduced.")
    int validate(@Parameters(paramLabel = "ID|PATH") String id,
            @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto") String device) throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        ModelSpec s = Models.standard(modelsDir).find(id);
        ModelCheck.validate(s, device, cmd.commandLine().getErr()::println).forEach(out::println);
        return 0;
    }

    @Command(name = "import", description = "Install a bioimage.io model package from a ZIP file into the models folder.")
    int importZip(@Parameters(paramLabel = "PATH.zip") Path zip,
            @Option(names = "--id", paramLabel = "ID", description = "model id (default: the ZIP's name)") String id) throws Exception {
        List<Path> roots = Models.standard(modelsDir).roots();
        if (roots.isEmpty())
            throw new UsageException("no models folder to install into; give --models DIR or set CONDSEG_MODELS");
        Path installed = ModelImport.install(zip, roots.get(0), id, spec -> {
            try (Network net = Models.open(spec, SegmentOptions.defaults(), cmd.commandLine().getErr()::println)) {
                // opened: the weights load and take the inputs the description declares
            }
        });
        cmd.commandLine().getOut().println(installed.getFileName() + ": installed in " + installed.toAbsolutePath().normalize());
        return 0;
    }
}
