package org.condseg.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.runtime.Network;
import org.condseg.runtime.Networks;

/**
 * The model registry: finds a model by id or path, lists the installed ones and opens a checked
 * network. An id is looked up in the given folder ({@code --models}), then {@code $CONDSEG_MODELS},
 * then the installation's {@code models/} folder.
 *
 * <pre>{@code
 * Models models = Models.standard(null);
 * ModelSpec spec = models.find("interactive-2d");
 * try (Network net = Models.open(spec, SegmentOptions.defaults(), System.err::println)) { ... }
 * }</pre>
 */
public final class Models {

    private final List<Path> roots;

    public Models(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The standard search path: {@code explicit} (may be null), $CONDSEG_MODELS, the installation's models/. */
    public static Models standard(Path explicit) {
        List<Path> roots = new ArrayList<>();
        if (explicit != null)
            roots.add(explicit);
        String env = System.getenv("CONDSEG_MODELS");
        if (env != null && !env.isBlank())
            roots.add(Path.of(env));
        Installation.modelsFolder().ifPresent(roots::add);
        return new Models(roots);
    }

    public List<Path> roots() {
        return roots;
    }

    /** Reads the model named by {@code idOrPath}: a folder path, or an id in one of the roots. */
    public ModelSpec find(String idOrPath) throws ModelPackageException {
        Path asPath = Path.of(idOrPath);
        if (idOrPath.contains("/") || idOrPath.contains("\\") || Files.isDirectory(asPath) && !isId(idOrPath))
            return ModelPackageReader.read(asPath);
        if (!isId(idOrPath))
            throw new ModelPackageException(idOrPath, "is not a model id (letters, digits, '-', '_', '.') or a folder");
        for (Path root : roots) {
            Path folder = root.resolve(idOrPath);
            if (Files.isDirectory(folder))
                return ModelPackageReader.read(folder);
        }
        List<String> installed = ids();
        throw new ModelPackageException(idOrPath, "no such model in " + roots + "; installed: "
                + (installed.isEmpty() ? "none" : String.join(", ", installed)));
    }

    /** The ids of the installed models, in order of the roots, each id once. */
    /** The model a dialog offers first: {@code interactive-2d} where installed, else the first by name ("" with none). */
    public String defaultId() {
        List<String> ids = ids();
        return ids.contains("interactive-2d") ? "interactive-2d" : ids.isEmpty() ? "" : ids.get(0);
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root))
                continue;
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> Files.isDirectory(p) && ModelPackageReader.hasDescription(p))
                        .map(p -> p.getFileName().toString()).sorted().filter(id -> !ids.contains(id)).forEach(ids::add);
            } catch (IOException e) {
                // an unreadable root lists nothing; find() reports the problem for a named model
            }
        }
        return ids;
    }

    /** Checks the weights' sha256, then opens one engine session. */
    public static Network open(ModelSpec spec, SegmentOptions options, Consumer<String> notices)
            throws ModelPackageException {
        ModelPackageReader.verifyWeights(spec);
        return Networks.open(spec, options, notices);
    }

    private static boolean isId(String s) {
        return s.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !s.contains("..");
    }
}
