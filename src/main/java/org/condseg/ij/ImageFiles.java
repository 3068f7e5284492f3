package org.condseg.ij;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.condseg.io.dicom.DicomReader;
import org.condseg.io.medical.AtomicFiles;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.metaimage.MetaImageReader;
import org.condseg.io.metaimage.MetaImageWriter;
import org.condseg.io.nrrd.NrrdReader;
import org.condseg.io.nrrd.NrrdWriter;
import org.condseg.io.nifti.NiftiReader;
import org.condseg.io.nifti.NiftiWriter;
import org.condseg.model.InputException;
import org.condseg.model.UsageException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;

/**
 * Reads and writes images by extension: {@code .tif}/{@code .tiff} and {@code .png} through ImageJ 1;
 * {@code .nii}/{@code .nii.gz} (NIfTI), {@code .mha}/{@code .mhd} (MetaImage, written zlib-compressed)
 * and {@code .nrrd} (written gzip-encoded; {@code .nhdr} read) through our own readers and writers;
 * DICOM (a folder, or one file of a series, by {@code .dcm} or the DICM magic) read as a volume; any
 * other extension through Bio-Formats where it is on the class path ({@link BioFormats}). An image read from a medical
 * format keeps its geometry and header ({@link MedicalImages#REFERENCE}); an image written with that
 * reference (carried to a label image by {@link LabelImages#labelsFor}) repeats the input's header
 * geometry. Writes go to a temporary file in the target folder, renamed into place, so no output is
 * ever half written. Reading is guarded: TIFF and PNG headers are checked before ImageJ allocates
 * ({@link ImageJHeaders}), ImageJ's own complaints become the one-line reason instead of output, and a
 * float image holding NaN or infinite values is refused (an {@link InputException}, exit code 3).
 *
 * <pre>{@code
 * ImagePlus ct = ImageFiles.read(Path.of("ct.nii.gz"));
 * ImageFiles.write(LabelImages.labelsFor(result, ct), Path.of("ct-labels.nii.gz"));
 * }</pre>
 */
public final class ImageFiles {

    static final String READABLE = ".tif, .tiff, .png, .nii, .nii.gz, .mha, .mhd, .nrrd, .nhdr, DICOM files and folders";
    static final String WRITABLE = ".tif, .png, .nii, .nii.gz, .mha, .mhd or .nrrd";

    private ImageFiles() {
    }

    public static ImagePlus read(Path file) throws InputException {
        ImagePlus imp = readAny(file);
        checkFinite(imp, file);
        return imp;
    }

    private static ImagePlus readAny(Path file) throws InputException {
        if (!Files.exists(file))
            throw new InputException(file, "no such file");
        if (!Files.isReadable(file))
            throw new InputException(file, "not readable");
        if (Files.isDirectory(file))
            return medical(DicomReader.read(file), file);
        if (!Files.isRegularFile(file))
            throw new InputException(file, "is not a file");
        String ext = extension(file);
        return switch (ext) {
            case "dcm", "dicom", "ima" -> medical(DicomReader.read(file), file);
            case "tif", "tiff", "png" -> readWithImageJ(file, ext);
            case "nii", "nii.gz" -> medical(NiftiReader.read(file), file);
            case "mha", "mhd" -> medical(MetaImageReader.read(file), file);
            case "nrrd", "nhdr" -> medical(NrrdReader.read(file), file);
            default -> {
                if (DicomReader.isDicom(file))
                    yield medical(DicomReader.read(file), file);
                yield BioFormats.open(file);
            }
        };
    }

    /** Writes {@code imp} to {@code file} in the format its extension names, atomically. */
    public static void write(ImagePlus imp, Path file) throws IOException, UsageException {
        String ext = extension(file);
        checkPlanes(file, imp.getStackSize());
        try {
            switch (ext) {
                case "tif", "tiff", "png" -> writeWithImageJ(imp, file, ext);
                case "nii", "nii.gz" -> NiftiWriter.write(MedicalImages.fromImagePlus(imp), LabelImages.isLabels(imp), file);
                case "mha", "mhd" -> MetaImageWriter.write(MedicalImages.fromImagePlus(imp), file, true);
                case "nrrd" -> NrrdWriter.write(MedicalImages.fromImagePlus(imp), file, true);
                default -> throw new UsageException("output " + file + ": unsupported format '." + ext + "' (use " + WRITABLE + ")");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("output " + file + ": " + e.getMessage());
        }
    }

    /**
     * Refuses a PNG output for an image of several planes (slices, frames or samples): PNG holds one
     * 2D image, and ImageJ would write the current plane alone.
     */
    public static void checkPlanes(Path file, long planes) throws UsageException {
        if (planes > 1 && extension(file).equals("png"))
            throw new UsageException("output " + file + ": PNG holds one 2D image, and this one has " + planes
                    + " planes (slices, frames or samples); use .tif, .nii.gz, .mha or .nrrd");
    }

    public static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".nii.gz"))
            return "nii.gz";
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    private static ImagePlus medical(MedicalImage m, Path file) {
        return MedicalImages.toImagePlus(m, file.getFileName().toString());
    }

    private static ImagePlus readWithImageJ(Path file, String ext) throws InputException {
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
     * Refuses float images holding NaN or infinite values: models turn them into NaN probabilities,
     * which would silently become background.
     */
    static void checkFinite(ImagePlus imp, Path file) throws InputException {
        if (imp.getBitDepth() != 32)
            return;
        ImageStack stack = imp.getStack();
        long bad = 0;
        String first = null;
        for (int z = 1; z <= stack.getSize(); z++) {
            if (!(stack.getPixels(z) instanceof float[] px))
                continue;
            for (int i = 0; i < px.length; i++)
                if (!Float.isFinite(px[i]) && bad++ == 0)
                    first = "x=" + i % imp.getWidth() + ", y=" + i / imp.getWidth() + ", plane " + (z - 1) + ": " + px[i];
        }
        if (bad > 0)
            throw new InputException(file, "holds " + bad + " NaN or infinite voxel(s) (first at " + first
                    + "); replace them with a finite value (e.g. the background's) before segmenting");
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

    private static void writeWithImageJ(ImagePlus imp, Path file, String ext) throws IOException {
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
