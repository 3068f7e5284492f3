package org.condseg.batch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the temporary files that a killed run left beside its outputs ({@code .<name>.<digits>.part…},
 * as the atomic writers name them), for the given cases only: other shards writing into the same
 * folder keep theirs. Each output folder is listed once.
 *
 * <pre>{@code
 * int removed = StaleFiles.clean(cases);
 * }</pre>
 */
public final class StaleFiles {

    static final Pattern TEMPORARY = Pattern.compile("^\\.(.+?)\\.\\d+(\\.[A-Za-z]+)?\\.part(\\..*)?$");

    private StaleFiles() {
    }

    /** Deletes the cases' stale temporary files; returns how many. */
    public static int clean(List<BatchCase> cases) throws IOException {
        Map<Path, Set<String>> stems = new HashMap<>();
        for (BatchCase c : cases)
            for (Path p : List.of(c.output(), c.sidecar())) {
                Path dir = p.toAbsolutePath().normalize().getParent();
                stems.computeIfAbsent(dir, d -> new HashSet<>()).add(BatchCase.stem(p.getFileName().toString()));
            }
        int removed = 0;
        for (Map.Entry<Path, Set<String>> e : stems.entrySet()) {
            if (!Files.isDirectory(e.getKey()))
                continue;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(e.getKey(), ".*.part*")) {
                for (Path p : s) {
                    Matcher m = TEMPORARY.matcher(p.getFileName().toString());
                    if (m.matches() && e.getValue().contains(BatchCase.stem(m.group(1))) && Files.isRegularFile(p)) {
                        Files.deleteIfExists(p);
                        removed++;
                    }
                }
            }
        }
        return removed;
    }
}
