package org.condseg.ij;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.condseg.io.image.ImageFormats;
import org.condseg.io.image.OutputImage;
import org.condseg.io.image.OutputImage.Role;
import org.condseg.io.medical.AtomicFiles;
import org.condseg.model.InputException;
import org.condseg.model.UsageException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;

/**
 * Image files as ImageJ shows them (ImagePlus), for the ImageJ front ends: NIfTI, MetaImage, NRRD and
 * DICOM are read and written by {@link ImageFormats} (the core's readers, no ImageJ in the middle) and
 * become ImagePlus keeping their geometry and header ({@link MedicalImages#REFERENCE}), so that a label
 * image made for them repeats the input's header geometry; {@code .tif}/{@code .tiff} and {@code .png}
 * go through ImageJ 1, any other extension through Bio-Formats where it is on the class path
 * ({@link BioFormats}). The same TIFF/PNG reading and writing serves the headless front ends as
 * {@link ImageJFormat}. Writes go to a temporary file in the target folder, renamed into place, so no
 * output is ever half written. Reading is guarded: TIFF and PNG headers are checked before ImageJ
 * allocates ({@link ImageJHeaders}), ImageJ's own complaints become the one-line reason instead of
 * output, and a float image holding NaN or infinite values is refused (an {@link InputException}, exit code 3).
 *
 * <pre>{@code
 * ImagePlus ct = ImageFiles.read(Path.of("ct.nii.gz"));
 * ImageFiles.write(LabelImages.samplesFor(result, ct), Path.of("ct-samples.nii.gz"));
 * }</pre>
 */
public final class ImageFiles {

    static final String READABLE = ImageFormats.READABLE;
    static final String WRITABLE = ImageFormats.WRITABLE;

    private ImageFiles() {
    }

    /** Reads {@code file} as ImageJ shows it: medical formats through {@link ImageFormats}, the rest through ImageJ. */
    public static ImagePlus read(Path file) throws InputException {
        if (ImageFormats.isMedical(file))
            return MedicalImages.toImagePlus(ImageFormats.read(file), file.getFileName().toString());
        ImagePlus imp = open(file);
        if (imp.getBitDepth() == 32)
            ImageFormats.checkFinite(planes(imp), imp.getWidth(), file);
        return imp;
    }

    /** The planes of an ImagePlus's stack (ImageJ's own arrays; a virtual stack's are read), in stack order. */
    static List<Object> planes(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        List<Object> planes = new ArrayList<>(stack.getSize());
        for (int i = 1; i <= stack.getSize(); i++)
            planes.add(stack.getPixels(i));
        return planes;
    }

    /** Opens a file that is not a medical format: TIFF and PNG through ImageJ, others through Bio-Formats. */
    static ImagePlus open(Path file) throws InputException {
        ImageFormats.checkFile(file);
        String ext = extension(file);
        return ext.equals("tif") || ext.equals("tiff") || ext.equals("png") ? readWithImageJ(file, ext) : BioFormats.open(file);
    }

    /** Writes {@code imp} to {@code file} in the format its extension names, atomically. */
    public static void write(ImagePlus imp, Path file) throws IOException, UsageException {
        String ext = extension(file);
        if (ext.equals("tif") || ext.equals("tiff") || ext.equals("png")) {
            checkPlanes(file, imp.getStackSize());
            writeWithImageJ(imp, file, ext);
            return;
        }
        Role role = LabelImages.isLabels(imp) ? Role.LABELS : Role.IMAGE;
        ImageFormats.write(new OutputImage(MedicalImages.fromImagePlus(imp), imp.getTitle(), role, imp.getProp(LabelImages.PROVENANCE)), file);
    }

    /** Refuses a PNG output for an image of several planes ({@link ImageFormats#checkPlanes}). */
    public static void checkPlanes(Path file, long planes) throws UsageException {
        ImageFormats.checkPlanes(file, planes);
    }

    public static String extension(Path file) {
        return ImageFormats.extension(file);
    }

    static ImagePlus readWithImageJ(Path file, String ext) throws InputException {
        QuietImageJ.Result<ImagePlus> r;
        try {
            if (Files.size(file) < 8)
                throw new InputException(file, "is too short to be an image");
            if (ext.equals("png"))
                ImageJHeaders.checkPng(file);
            else
                ImageJHeaders.checkTiff(file);
            r = QuietImageJ.call(() -> new Opener().openImage(file.toAbsolutePath().toString()));
        } catch (InputException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException(file, "cannot be read: " + e, e);
        }
        ImagePlus imp = r.value();
        if (r.printed().toLowerCase(Locale.ROOT).contains("out of memory"))
            // ImageJ catches the OutOfMemoryError itself and logs it
            throw new InputException(file, "ran out of memory while ImageJ read it (the Java heap holds at most "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; raise -Xmx)");
        if (imp == null || imp.getStackSize() == 0 || imp.getStack().getPixels(1) == null)
            throw new InputException(file, "is not a readable " + ext.toUpperCase(Locale.ROOT) + " image"
                    + (r.firstLine().isEmpty() ? "" : " (" + r.firstLine() + ")"));
        return imp;
    }

    /**
     * The reason in what ImageJ printed for a failed write: the message of its IOException (ImageJ prints
     * {@code File saving error (IOException):} then the message in quotes, e.g. {@code "No space left on device"}),
     * else its first line.
     */
    static String writeError(String printed) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(IOException\\):\\s*\"([^\"\\n]+)\"").matcher(printed);
        if (m.find())
            return m.group(1).strip();
        String first = printed.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        return first.isEmpty() ? "cannot be written" : "cannot be written (" + first + ")";
    }

    static void writeWithImageJ(ImagePlus imp, Path file, String ext) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = AtomicFiles.temporary(dir, file.getFileName().toString(), ".part." + ext);
        try {
            FileSaver saver = new FileSaver(imp);
            QuietImageJ.Result<Boolean> r;
            try {
                // ImageJ reports a failed write (a full disk) as a message, not an exception: it becomes the reason
                r = QuietImageJ.call(() -> ext.equals("png") ? saver.saveAsPng(tmp.toString())
                        : imp.getStackSize() > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString()));
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            if (!r.value())
                throw new IOException(file + ": " + writeError(r.printed()));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
