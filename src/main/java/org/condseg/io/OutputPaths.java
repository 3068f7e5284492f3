package org.condseg.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.condseg.model.UsageException;

/**
 * The check, made before anything runs, that no output of a command is one of its inputs or another of
 * its outputs. Paths are compared as the file system sees them: an existing file by its identity (links
 * followed, hard links included), a file still to be made by its folder's real path and its name. A
 * clash is a usage error (exit code 2): the command line names the same file twice.
 *
 * <pre>{@code
 * OutputPaths.check(Map.of("the CSV", csv), List.of(prediction, truth));
 * }</pre>
 */
public final class OutputPaths {

    private OutputPaths() {
    }

    /** {@code outputs}: option (or description) to path, in order; {@code null} paths are skipped. */
    public static void check(Map<String, Path> outputs, Collection<Path> inputs) throws UsageException {
        Map<Object, Path> in = new HashMap<>();
        for (Path p : inputs)
            if (p != null)
                in.putIfAbsent(identity(p), p);
        Map<Object, String> seen = new HashMap<>();
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            Path out = e.getValue();
            if (out == null)
                continue;
            Object id = identity(out);
            Path clash = in.get(id);
            if (clash != null)
                throw new UsageException(e.getKey() + " " + out + " is the input " + clash + "; inputs are never overwritten");
            String before = seen.putIfAbsent(id, e.getKey());
            if (before != null)
                throw new UsageException(e.getKey() + " " + out + " is also " + before + "; give each output its own file");
        }
    }

    /** What makes two paths the same file: an existing file's key, or the real folder and name of one to be made. */
    public static Object identity(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                Object key = Files.readAttributes(abs, BasicFileAttributes.class).fileKey();
                return key != null ? key : abs.toRealPath();
            }
            Path dir = abs.getParent();
            return dir != null && Files.exists(dir) ? dir.toRealPath().resolve(abs.getFileName()) : abs;
        } catch (IOException e) {
            return abs;
        }
    }
}
