package org.condseg.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.condseg.batch.BatchCase;
import org.condseg.batch.CasePrompts;
import org.condseg.batch.Manifest;
import org.condseg.model.InputException;
import org.condseg.model.UsageException;

/**
 * The cases of a batch on the driver, read by {@link Manifest#cases} exactly as {@code batch} reads
 * them (the same ids, outputs, prompts and usage checks), with each case's files named for the
 * executors. Where the folder or manifest, or the output folder, is on a Hadoop file system, the
 * manifest is read from a local copy and a folder from a local mirror of its names (empty files), and
 * the paths {@code Manifest} gives are mapped back to URIs: relative to the manifest's (or folder's)
 * URI for inputs and masks, to the output URI for outputs.
 *
 * <pre>{@code
 * CaseList list = CaseList.read("hdfs://nn/study/cases.csv", "hdfs://nn/study/labels", null, CasePrompts.NONE, files);
 * }</pre>
 */
final class CaseList {

    /** The cases as {@code Manifest} gives them (local stand-ins where their files are URIs). */
    final List<BatchCase> cases;
    /** The same cases named for the executors. */
    final List<CaseSpec> specs;
    private final Path mirror, inputRoot, outputRoot;
    private final String inputBase, output;

    private CaseList(List<BatchCase> cases, Path mirror, Path inputRoot, String inputBase, Path outputRoot, String output) {
        this.cases = cases;
        this.mirror = mirror;
        this.inputRoot = inputRoot;
        this.inputBase = inputBase;
        this.outputRoot = outputRoot;
        this.output = output;
        List<CaseSpec> s = new ArrayList<>();
        for (BatchCase c : cases)
            s.add(CaseSpec.of(c, name(c.input()), c.channels().stream().map(this::name).toList(), name(c.output()),
                    c.prompts().mask() == null ? null : name(c.prompts().mask())));
        this.specs = List.copyOf(s);
    }

    /**
     * Reads the cases of {@code input} (a folder or CSV manifest; a path or a URI) writing into
     * {@code output} (a path or a URI); {@code files} reaches the URIs ({@code null} where there are none).
     */
    static CaseList read(String input, String output, String format, CasePrompts defaults, HadoopFiles files)
            throws InputException, UsageException, IOException {
        if (!Locations.isUri(input) && !Locations.isUri(output))
            return new CaseList(Manifest.cases(Path.of(input), Path.of(output), format, defaults), null, null, null, null, null);
        Path mirror = Files.createTempDirectory("condseg-cases-");
        Path source = Path.of(input), inputRoot = null, outputRoot = null;
        String inputBase = null;
        if (Locations.isUri(input)) {
            if (HadoopFiles.path(input).equals(Locations.isUri(output) ? HadoopFiles.path(output) : null))
                throw new UsageException("the output folder " + output + " is the input folder; inputs are never overwritten");
            inputRoot = Files.createDirectories(mirror.resolve("input"));
            if (!files.exists(input))
                throw new InputException(Path.of(HadoopFiles.name(input)), "no such file or folder: " + input);
            if (files.isDirectory(input)) {
                inputBase = input;
                source = inputRoot;
                mirrorFolder(files, input, inputRoot);
            } else {
                inputBase = HadoopFiles.path(input).getParent().toString();
                source = inputRoot.resolve(HadoopFiles.name(input));
                files.download(input, source);
            }
        }
        Path outputDir = Path.of(output);
        if (Locations.isUri(output)) {
            outputRoot = mirror.resolve("output");
            outputDir = outputRoot;
        }
        try {
            return new CaseList(Manifest.cases(source, outputDir, format, defaults), mirror, inputRoot, inputBase, outputRoot,
                    Locations.isUri(output) ? output : null);
        } catch (InputException | UsageException | RuntimeException e) {
            delete(mirror);
            throw e;
        }
    }

    /** Removes the local copy of a manifest or mirror of a folder, where there is one. */
    void deleteMirror() {
        if (mirror != null)
            delete(mirror);
    }

    private static void delete(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover in the temporary folder harms nothing
        }
    }

    /** Empty files named as the folder's entries, and as the entries of its sub-folders (DICOM series). */
    private static void mirrorFolder(HadoopFiles files, String uri, Path dir) throws IOException {
        for (Map.Entry<String, Boolean> e : files.list(uri).entrySet()) {
            if (e.getValue()) {
                Path sub = Files.createDirectories(dir.resolve(e.getKey()));
                for (Map.Entry<String, Boolean> f : files.list(HadoopFiles.child(uri, e.getKey())).entrySet())
                    if (!f.getValue())
                        Files.createFile(sub.resolve(f.getKey()));
            } else {
                Files.createFile(dir.resolve(e.getKey()));
            }
        }
    }

    /** The name executors and the summary use for a path {@code Manifest} gave. */
    String name(Path p) {
        Path a = p.toAbsolutePath().normalize();
        if (inputRoot != null && a.startsWith(inputRoot))
            return HadoopFiles.child(inputBase, slashes(inputRoot.relativize(a)));
        if (outputRoot != null && a.startsWith(outputRoot))
            return HadoopFiles.child(output, slashes(outputRoot.relativize(a)));
        return p.toString();
    }

    /** Whether any case has a file on a Hadoop file system. */
    boolean remote() {
        return inputRoot != null || outputRoot != null;
    }

    private static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
