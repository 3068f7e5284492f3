package org.condseg.ij;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.condseg.io.Models;
import org.condseg.model.CondSegException;
import org.condseg.model.InputException;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.RoiDecoder;

/**
 * A simple batch over a folder's TIFFs: each {@code NAME.tif} becomes {@code NAME-labels.tif} in the
 * output folder, and {@code summary.csv} there lists every file with its status. Prompts for an
 * interactive model come from ImageJ ROI files beside the image, {@code NAME.roi} or a ROI set
 * {@code NAME.zip} (one object per ROI); with {@code resume}, files whose labels exist are skipped. A
 * file that fails is reported in the summary and the batch goes on; a bad model stops it.
 *
 * <pre>{@code
 * List<FolderBatch.Row> rows = FolderBatch.run("identity-2d", in, out, false, SegmentOptions.defaults(),
 *         System.err::println, Progress.NONE, () -> false);
 * }</pre>
 */
public final class FolderBatch {

    private FolderBatch() {
    }

    /** One file's outcome: status {@code done}, {@code skipped} or {@code failed}. */
    public record Row(String file, String status, int objects, String output, String message) {
    }

    public static List<Row> run(String model, Path input, Path output, boolean resume, SegmentOptions options,
            Consumer<String> notices, Progress progress, BooleanSupplier cancelled) throws CondSegException, IOException {
        if (!Files.isDirectory(input))
            throw new InputException(input, "is not a folder");
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize()))
            throw new UsageException("output folder " + output + " is the input folder; choose another (inputs are never overwritten)");
        List<Path> files;
        try (Stream<Path> s = Files.list(input)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.tiff?")).sorted().toList();
        }
        Files.createDirectories(output);
        ModelSpec spec = Models.standard(null).find(model);
        List<Row> rows = new ArrayList<>();
        try (Network net = Models.open(spec, options, notices)) {
            for (int i = 0; i < files.size(); i++) {
                if (cancelled.getAsBoolean())
                    throw new CancellationException("cancelled before " + files.get(i).getFileName());
                rows.add(one(files.get(i), output, resume, spec, net, options, cancelled));
                progress.update("files", i + 1, files.size());
                writeSummary(rows, output.resolve("summary.csv"));
            }
        }
        writeSummary(rows, output.resolve("summary.csv"));
        return rows;
    }

    private static Row one(Path file, Path output, boolean resume, ModelSpec spec, Network net, SegmentOptions options,
            BooleanSupplier cancelled) throws ModelPackageException, IOException {
        String name = file.getFileName().toString();
        String base = name.replaceFirst("(?i)\\.tiff?$", "");
        Path target = output.resolve(base + "-labels.tif");
        if (resume && Files.isRegularFile(target))
            return new Row(name, "skipped", 0, target.getFileName().toString(), "labels exist");
        try {
            ImagePlus imp = ImageFiles.read(file);
            List<RoiPrompts.Prompted> objects = new ArrayList<>();
            for (Roi roi : sidecarRois(file.resolveSibling(base)))
                objects.add(RoiPrompts.fromRoi(roi, imp));
            var request = new ImageSegmentation.Request(imp, spec.id(), 1, objects, null, false, options, false, false);
            ImageSegmentation.Outputs out = ImageSegmentation.run(request, spec, net, Progress.NONE, cancelled);
            ImageFiles.write(out.labels(), target);
            return new Row(name, "done", out.objects(), target.getFileName().toString(), "");
        } catch (ModelPackageException e) {
            throw e;
        } catch (CondSegException e) {
            return new Row(name, "failed", 0, "", e.getMessage());
        }
    }

    /** The ROIs of {@code base.roi} or the ROI set {@code base.zip}, if either exists. */
    static List<Roi> sidecarRois(Path base) throws InputException {
        Path roi = base.resolveSibling(base.getFileName() + ".roi"), zip = base.resolveSibling(base.getFileName() + ".zip");
        List<Roi> out = new ArrayList<>();
        if (Files.isRegularFile(roi)) {
            Roi r = RoiDecoder.open(roi.toString());
            if (r == null)
                throw new InputException(roi, "is not an ImageJ ROI file");
            out.add(r);
        } else if (Files.isRegularFile(zip)) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null;)
                    if (e.getName().endsWith(".roi")) {
                        Roi r = RoiDecoder.openFromByteArray(readAll(in));
                        if (r == null)
                            throw new InputException(zip, "entry " + e.getName() + " is not an ImageJ ROI");
                        out.add(r);
                    }
            } catch (IOException e) {
                throw new InputException(zip, "is not a readable ROI set: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }

    private static void writeSummary(List<Row> rows, Path csv) throws IOException {
        StringBuilder sb = new StringBuilder("file,status,objects,output,message\n");
        for (Row r : rows)
            sb.append(csv(r.file())).append(',').append(r.status()).append(',').append(r.objects()).append(',')
                    .append(csv(r.output())).append(',').append(csv(r.message())).append('\n');
        Path tmp = Files.createTempFile(csv.getParent(), ".summary.", ".part");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
