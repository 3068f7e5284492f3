package org.condseg.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.condseg.io.Checksums;
import org.condseg.model.ModelSpec;

/**
 * The model package folder, made available on every executor: where the driver's folder is there too
 * with the same weights (local mode, a shared file system) it is used in place; elsewhere the files,
 * broadcast from the driver, are written once per executor JVM into a folder of the same name under
 * {@code java.io.tmpdir}. Executors fetch the broadcast only where they need it.
 *
 * <pre>{@code
 * ModelShipment m = ModelShipment.of(spec, sc);      // on the driver
 * Path folder = m.folderHere();                      // on an executor
 * }</pre>
 */
final class ModelShipment implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Path> HERE = new ConcurrentHashMap<>();

    private final String folder;
    private final String weights;
    private final String weightsSha;
    private final Broadcast<TreeMap<String, byte[]>> files;

    private ModelShipment(String folder, String weights, String weightsSha, Broadcast<TreeMap<String, byte[]>> files) {
        this.folder = folder;
        this.weights = weights;
        this.weightsSha = weightsSha;
        this.files = files;
    }

    /** Reads the package's regular files (hidden ones left out) and broadcasts them. */
    static ModelShipment of(ModelSpec spec, JavaSparkContext sc) throws IOException {
        Path dir = spec.folder().toAbsolutePath().normalize();
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".") && !rel.contains("/."))
                    files.put(rel, Files.readAllBytes(p));
            }
        }
        Path w = spec.weights().toAbsolutePath().normalize();
        return new ModelShipment(dir.toString(), dir.relativize(w).toString(), Checksums.sha256(w), sc.broadcast(files));
    }

    /** The package folder on this machine; the first call in a JVM may write it. */
    Path folderHere() throws IOException {
        try {
            return HERE.computeIfAbsent(folder + "\n" + weightsSha, k -> {
                try {
                    Path p = Path.of(folder);
                    if (Files.isRegularFile(p.resolve(weights)) && weightsSha.equals(Checksums.sha256(p.resolve(weights))))
                        return p;
                    return materialize();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Path materialize() throws IOException {
        Path root = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "condseg-models"));
        Path home = root.resolve(weightsSha.substring(0, 16) + "-" + Integer.toHexString(folder.hashCode()));
        Path name = Path.of(folder).getFileName();
        Path target = home.resolve(name.toString());
        if (Files.isRegularFile(target.resolve(weights)) && weightsSha.equals(Checksums.sha256(target.resolve(weights))))
            return target;
        Path staging = Files.createTempDirectory(root, ".incoming-");
        try {
            for (Map.Entry<String, byte[]> f : files.value().entrySet()) {
                Path p = staging.resolve(name.toString()).resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // another JVM on this machine wrote it first, or a damaged copy is there: replace it
                if (!(Files.isRegularFile(target.resolve(weights))
                        && weightsSha.equals(Checksums.sha256(target.resolve(weights))))) {
                    delete(home);
                    Files.move(staging, home);
                }
            }
        } finally {
            delete(staging);
        }
        return target;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir))
            return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        }
    }
}
