package org.condseg.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.condseg.batch.BatchCase;
import org.condseg.batch.CaseResult;
import org.condseg.batch.CaseRunner;

/**
 * Runs one {@link CaseSpec} through a {@link CaseRunner}: a case whose files are local paths in place;
 * a case with files on a Hadoop file system through a local folder of its own, with the same file
 * names (so that the label image and its sidecar come out byte for byte as from local files, the sidecar
 * naming the input's URI). Where resuming, the earlier output and sidecar are fetched for the runner to
 * check. A finished case goes back output first and sidecar last (the sidecar marks it finished); a
 * failed case leaves neither; the folder is removed in any case.
 *
 * <pre>{@code
 * CaseResult r = new CaseStaging(files, resume).run(spec, runner, () -> false);
 * }</pre>
 */
final class CaseStaging {

    private final HadoopFiles files;
    private final boolean resume;

    CaseStaging(HadoopFiles files, boolean resume) {
        this.files = files;
        this.resume = resume;
    }

    CaseResult run(CaseSpec s, CaseRunner runner, BooleanSupplier cancelled) {
        if (!s.remote())
            return runner.run(s.toCase(Path.of(s.input()), Path.of(s.output()), s.mask() == null ? null : Path.of(s.mask())),
                    cancelled);
        long start = System.nanoTime();
        Path dir = null;
        Map<String, String> names = new LinkedHashMap<>();
        try {
            dir = Files.createTempDirectory("condseg-case-");
            Path in = local(dir.resolve("in"), s.input(), names), out = local(dir.resolve("out"), s.output(), names);
            Path mask = s.mask() == null ? null : local(dir.resolve("mask"), s.mask(), names);
            java.util.List<Path> channels = new java.util.ArrayList<>();
            for (int k = 0; k < s.channels().size(); k++)
                channels.add(local(dir.resolve("channel" + (k + 1)), s.channels().get(k), names));
            BatchCase c = s.toCase(in, channels, out, mask);
            String sidecar = Locations.isUri(s.output()) ? HadoopFiles.sibling(s.output(), c.sidecar().getFileName().toString())
                    : c.sidecar().toString();
            names.put(c.sidecar().toString(), sidecar);
            fetch(s.input(), in);
            for (int k = 0; k < channels.size(); k++)
                fetch(s.channels().get(k), channels.get(k));
            if (mask != null)
                fetch(s.mask(), mask);
            if (resume && Locations.isUri(s.output())) {
                fetch(s.output(), out);
                fetch(sidecar, c.sidecar());
                for (Path f : runner.outputs().files(c))
                    if (files.exists(remote(s, f)))
                        fetch(remote(s, f), f);
            }
            String inputName = Locations.isUri(s.input()) ? s.input() : in.toAbsolutePath().normalize().toString();
            CaseResult r = runner.namingInputs(x -> inputName).run(c, cancelled);
            if (Locations.isUri(s.output())) {
                if (r.status() == CaseResult.Status.DONE) {
                    files.delete(sidecar);
                    files.copyOut(out, s.output());
                    for (Path f : runner.outputs().files(c))
                        files.copyOut(f, remote(s, f));
                    files.copyOut(c.sidecar(), sidecar);
                } else if (r.status() == CaseResult.Status.FAILED) {
                    files.delete(sidecar);
                    files.delete(s.output());
                    for (Path f : runner.outputs().files(c))
                        files.delete(remote(s, f));
                }
            }
            return r.status() == CaseResult.Status.FAILED ? renamed(r, names) : r;
        } catch (IOException e) {
            try {
                if (Locations.isUri(s.output()))
                    files.delete(s.output());
            } catch (IOException ignored) {
                // the sidecar is what marks a case finished; without it the output is redone on resume
            }
            return CaseResult.failed(s.id(), s.output() + ": cannot copy: " + e, 5, (System.nanoTime() - start) / 1e9);
        } finally {
            if (dir != null)
                delete(dir);
        }
    }

    /** Where a file lives during the case: a local path in place, a URI under {@code dir} by its own name. */
    private static Path local(Path dir, String name, Map<String, String> names) {
        if (!Locations.isUri(name))
            return Path.of(name);
        Path p = dir.resolve(HadoopFiles.name(name));
        names.put(p.toString(), name);
        return p;
    }

    /** Where an output beside the labels goes for a case whose output is a URI. */
    private static String remote(CaseSpec s, Path local) {
        return HadoopFiles.sibling(s.output(), local.getFileName().toString());
    }

    private void fetch(String name, Path local) throws IOException {
        if (Locations.isUri(name))
            files.copyIn(name, local);
    }

    /** The failure's one line with the local copies named by their URIs. */
    private static CaseResult renamed(CaseResult r, Map<String, String> names) {
        String error = r.error();
        for (Map.Entry<String, String> e : names.entrySet())
            error = error.replace(e.getKey(), e.getValue());
        return CaseResult.failed(r.id(), error, r.exitCode(), r.seconds());
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover in the temporary folder harms nothing
        }
    }
}
