package org.condseg.io;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where CondSeg is installed: the {@code models/} folder beside the jar we were loaded from. For
 * {@code target/condseg.jar} that is the repository's {@code models/}; in Fiji, {@code Fiji.app/models/}
 * (the jar lies in {@code plugins/} or {@code jars/}); from the class folders of a build, the project's.
 *
 * <pre>{@code
 * Optional<Path> models = Installation.modelsFolder();
 * }</pre>
 */
public final class Installation {

    private Installation() {
    }

    /** The installation's models folder, if one is found. */
    public static Optional<Path> modelsFolder() {
        String override = System.getProperty("condseg.models");
        if (override != null)
            return Optional.of(Path.of(override));
        try {
            Path code = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // jar in target/, plugins/ or jars/; or target/classes
            for (Path p = code.getParent(); p != null; p = p.getParent()) {
                Path models = p.resolve("models");
                if (Files.isDirectory(models))
                    return Optional.of(models);
                if (p.getFileName() != null && p.getFileName().toString().matches("target|plugins|jars|classes"))
                    continue;
                break;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loaders): no installation folder
        }
        return Optional.empty();
    }
}
