package org.condseg.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.condseg.io.image.ImageFormats;
import org.condseg.model.OptionKey;
import org.condseg.model.InputException;
import org.condseg.model.UsageException;

/**
 * The cases of a batch, from a CSV manifest or a folder. A manifest has a header row naming its
 * columns (any order, case-insensitive): {@code input} (required), {@code case} (default: the input's
 * name without extension), {@code channels} (a multi-modal model's further input files, separated by
 * {@code ;}), {@code output} (default {@code <case>-labels.<ext>}), {@code points},
 * {@code negative_points}, {@code boxes} (as {@link PromptText} reads them), {@code mask} and
 * {@code class}. Inputs, channels and masks are relative to the manifest's folder, outputs to the output folder.
 * A row with any prompt column set uses its own prompts, other rows the batch's defaults. A folder
 * gives one case per image file (or DICOM series sub-folder), sorted by name, with the defaults.
 *
 * <pre>{@code
 * List<BatchCase> cases = Manifest.cases(Path.of("cases.csv"), Path.of("out"), null, CasePrompts.NONE);
 * }</pre>
 */
public final class Manifest {

    /** The largest manifest read (64 MiB, some hundred thousand rows). */
    public static final long MAX_BYTES = 64L << 20;

    static final Set<String> COLUMNS = Set.of("case", "input", "channels", "output", "points", "negative_points", "boxes", "mask", "class");
    /** The formats a label image can be written in. */
    public static final Set<String> OUTPUT_EXTENSIONS = Set.of("tif", "tiff", "png", "nii", "nii.gz", "mha", "mhd", "nrrd");
    static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "nii", "nii.gz", "mha", "mhd", "nrrd", "nhdr",
            "dcm", "dicom", "ima");

    private Manifest() {
    }

    /**
     * The cases of {@code source} (a CSV file or a folder), with outputs in {@code outputDir}.
     *
     * @param format the output extension (e.g. {@code tif}, {@code nii.gz}), or {@code null} for the input's own
     */
    public static List<BatchCase> cases(Path source, Path outputDir, String format, CasePrompts defaults)
            throws InputException, UsageException {
        if (format != null && !OUTPUT_EXTENSIONS.contains(format.replaceFirst("^\\.", "").toLowerCase(Locale.ROOT)))
            throw new UsageException(OptionKey.FORMAT.mark() + " " + format + " is not one of " + String.join(", ", OUTPUT_EXTENSIONS.stream().sorted().toList()));
        if (!Files.exists(source))
            throw new InputException(source, "no such file or folder");
        List<BatchCase> cases = Files.isDirectory(source) ? folder(source, outputDir, format, defaults)
                : csv(source, outputDir, format, defaults);
        checkUnique(cases);
        return cases;
    }

    static List<BatchCase> folder(Path dir, Path outputDir, String format, CasePrompts defaults)
            throws InputException, UsageException {
        if (dir.toAbsolutePath().normalize().equals(outputDir.toAbsolutePath().normalize()))
            throw new UsageException("the output folder " + outputDir + " is the input folder; inputs are never overwritten");
        List<Path> inputs = images(dir);
        if (inputs.isEmpty())
            throw new InputException(dir, "holds no images (" + String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList())
                    + ", or DICOM series folders)");
        List<BatchCase> out = new ArrayList<>();
        for (Path in : inputs) {
            String id = BatchCase.stem(in.getFileName().toString());
            out.add(new BatchCase(id, in, outputDir.resolve(id + "-labels." + outputExtension(in, format)), defaults));
        }
        return out;
    }

    static List<BatchCase> csv(Path file, Path outputDir, String format, CasePrompts defaults)
            throws InputException, UsageException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES)
                throw new InputException(file, "is larger than " + (MAX_BYTES >> 20) + " MiB; split the manifest");
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(file, "is not UTF-8 text (a CSV manifest, or give a folder)");
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
        List<List<String>> rows;
        try {
            rows = Csv.parse(text).stream().filter(r -> !(r.size() == 1 && r.get(0).isBlank()))
                    .filter(r -> !r.get(0).startsWith("#")).toList();
        } catch (IllegalArgumentException e) {
            throw new UsageException("manifest " + file + ": " + e.getMessage());
        }
        if (rows.isEmpty())
            throw new UsageException("manifest " + file + " is empty; its first row names the columns (input, case, output, points, ...)");
        Map<String, Integer> columns = header(file, rows.get(0));
        Path base = file.toAbsolutePath().getParent();
        List<BatchCase> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String where = "manifest " + file + " row " + (r + 1);
            if (row.size() > columns.size())
                throw new UsageException(where + ": " + row.size() + " fields, the header names " + columns.size());
            Map<String, String> v = new HashMap<>();
            columns.forEach((name, i) -> v.put(name, i < row.size() ? row.get(i).trim() : ""));
            if (v.get("input").isEmpty())
                throw new UsageException(where + ": no input");
            Path input = base.resolve(v.get("input"));
            String id = v.getOrDefault("case", "").isEmpty() ? BatchCase.stem(input.getFileName().toString()) : v.get("case");
            String outName = v.getOrDefault("output", "");
            Path output = outName.isEmpty() ? outputDir.resolve(id + "-labels." + outputExtension(input, format))
                    : outputDir.resolve(outName);
            List<Path> channels = new ArrayList<>();
            for (String more : v.getOrDefault("channels", "").split(";"))
                if (!more.isBlank())
                    channels.add(base.resolve(more.trim()));
            out.add(new BatchCase(id, input, channels, output, prompts(v, base, defaults, where)));
        }
        if (out.isEmpty())
            throw new UsageException("manifest " + file + " has a header but no cases");
        return out;
    }

    private static Map<String, Integer> header(Path file, List<String> names) throws UsageException {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).trim().toLowerCase(Locale.ROOT).replace('-', '_');
            if (n.equals("id"))
                n = "case";
            if (!COLUMNS.contains(n))
                throw new UsageException("manifest " + file + ": unknown column '" + names.get(i) + "' (columns: "
                        + String.join(", ", COLUMNS.stream().sorted().toList()) + ")");
            if (columns.put(n, i) != null)
                throw new UsageException("manifest " + file + ": column '" + n + "' appears twice");
        }
        if (!columns.containsKey("input"))
            throw new UsageException("manifest " + file + ": no 'input' column in the header row " + names);
        return columns;
    }

    private static CasePrompts prompts(Map<String, String> v, Path base, CasePrompts defaults, String where)
            throws UsageException {
        String points = v.getOrDefault("points", ""), neg = v.getOrDefault("negative_points", ""),
                boxes = v.getOrDefault("boxes", ""), mask = v.getOrDefault("mask", ""), cls = v.getOrDefault("class", "");
        if (points.isEmpty() && neg.isEmpty() && boxes.isEmpty() && mask.isEmpty() && cls.isEmpty())
            return defaults;
        try {
            var clicks = new ArrayList<>(PromptText.clicks(points, true));
            clicks.addAll(PromptText.clicks(neg, false));
            return new CasePrompts(clicks, PromptText.boxes(boxes), mask.isEmpty() ? null : base.resolve(mask), cls);
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + ": " + e.getMessage());
        }
    }

    /** Ids and outputs must be unique; no output, sidecar or summary may be an input. */
    private static void checkUnique(List<BatchCase> cases) throws UsageException {
        Map<String, BatchCase> ids = new HashMap<>();
        Map<Path, String> written = new HashMap<>();
        for (BatchCase c : cases) {
            if (!OUTPUT_EXTENSIONS.contains(extension(c.output())))
                throw new UsageException("case " + c.id() + ": output " + c.output() + " is not an image format CondSeg writes ("
                        + String.join(", ", OUTPUT_EXTENSIONS.stream().sorted().toList()) + ")");
            BatchCase before = ids.put(c.id(), c);
            if (before != null)
                throw new UsageException("cases " + before.input() + " and " + c.input() + " have the same id '" + c.id()
                        + "'; name them in a manifest's case column");
            for (Path p : List.of(c.output(), c.sidecar())) {
                String other = written.put(p.toAbsolutePath().normalize(), c.id());
                if (other != null)
                    throw new UsageException("cases " + other + " and " + c.id() + " both write " + p);
            }
        }
        for (BatchCase c : cases) {
            List<Path> inputs = new ArrayList<>(c.channels());
            inputs.add(c.input());
            if (c.prompts().mask() != null)
                inputs.add(c.prompts().mask());
            for (Path in : inputs) {
                String writer = written.get(in.toAbsolutePath().normalize());
                if (writer != null)
                    throw new UsageException("case " + writer + " would write " + in + ", an input; inputs are never overwritten");
            }
        }
    }

    /** The output extension for an input: its own where CondSeg writes it, NIfTI for DICOM and others. */
    /** The image files and DICOM series folders directly in {@code dir}, sorted by name (hidden ones left out). */
    public static List<Path> images(Path dir) throws InputException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                if (p.getFileName().toString().startsWith("."))
                    continue;
                if (Files.isRegularFile(p) && IMAGE_EXTENSIONS.contains(extension(p)))
                    out.add(p);
                else if (Files.isDirectory(p) && holdsDicom(p))
                    out.add(p);
            }
        } catch (IOException e) {
            throw new InputException(dir, "cannot list the folder: " + e.getMessage(), e);
        }
        return out;
    }

    static String outputExtension(Path input, String format) {
        if (format != null)
            return format.startsWith(".") ? format.substring(1) : format;
        return switch (Files.isDirectory(input) ? "" : extension(input)) {
            case "tif", "tiff" -> "tif";
            case "png" -> "png";
            case "nii" -> "nii";
            case "mha", "mhd" -> "mha";
            case "nrrd", "nhdr" -> "nrrd";
            default -> "nii.gz";
        };
    }

    static String extension(Path file) {
        return ImageFormats.extension(file);
    }

    private static boolean holdsDicom(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && (extension(p).equals("dcm") || extension(p).isEmpty()));
        } catch (IOException e) {
            return false;
        }
    }
}
