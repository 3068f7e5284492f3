package org.condseg.io.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

import org.condseg.io.dicom.DicomReader;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.metaimage.MetaImageReader;
import org.condseg.io.metaimage.MetaImageWriter;
import org.condseg.io.nifti.NiftiReader;
import org.condseg.io.nifti.NiftiWriter;
import org.condseg.io.nrrd.NrrdReader;
import org.condseg.io.nrrd.NrrdWriter;
import org.condseg.model.InputException;
import org.condseg.model.UsageException;

/**
 * Reads and writes image files by extension, without ImageJ where the format does not need it:
 * {@code .nii}/{@code .nii.gz} (NIfTI), {@code .mha}/{@code .mhd} (MetaImage, written zlib-compressed),
 * {@code .nrrd} (written gzip-encoded; {@code .nhdr} read) and DICOM (a folder, or one file of a series,
 * by {@code .dcm} or the DICM magic) straight to a {@link MedicalImage}; {@code .tif}/{@code .tiff},
 * {@code .png} and any other extension through the {@link PlaneFormat} on the class path (ImageJ's,
 * from the {@code ij} package). A float image holding NaN or infinite values is refused (an
 * {@link InputException}, exit code 3). Writes are atomic (a temporary file renamed into place).
 *
 * <pre>{@code
 * MedicalImage ct = ImageFormats.read(Path.of("ct.nii.gz"));
 * ImageFormats.write(ImageVolumes.labels(result, Placement.of(ct, "ct")), Path.of("ct-labels.nii.gz"));
 * }</pre>
 */
public final class ImageFormats {

    public static final String READABLE = ".tif, .tiff, .png, .nii, .nii.gz, .mha, .mhd, .nrrd, .nhdr, DICOM files and folders";
    public static final String WRITABLE = ".tif, .png, .nii, .nii.gz, .mha, .mhd or .nrrd";

    private static volatile PlaneFormat planes;

    private ImageFormats() {
    }

    /** Reads {@code file} by its extension (a folder as a DICOM series), refusing non-finite float voxels. */
    public static MedicalImage read(Path file) throws InputException {
        MedicalImage m;
        if (isMedical(file)) {
            m = readMedical(file);
        } else {
            checkFile(file);
            try {
                m = planeFormat(file).read(file, extension(file));
            } catch (LinkageError e) {
                throw new InputException(file, withoutImageJ(e), e);
            }
        }
        checkFinite(m.voxels().planes(), m.voxels().width(), file);
        return m;
    }

    /**
     * Whether {@code file} is read by our own medical readers: a folder (a DICOM series), a NIfTI,
     * MetaImage, NRRD or DICOM extension, or a file starting with the DICOM magic.
     */
    public static boolean isMedical(Path file) {
        if (Files.isDirectory(file))
            return true;
        return switch (extension(file)) {
            case "dcm", "dicom", "ima", "nii", "nii.gz", "mha", "mhd", "nrrd", "nhdr" -> true;
            case "tif", "tiff", "png" -> false;
            default -> Files.isRegularFile(file) && DicomReader.isDicom(file);
        };
    }

    /** Reads a medical file or DICOM folder ({@link #isMedical}) with our own readers, without the finite check. */
    public static MedicalImage readMedical(Path file) throws InputException {
        checkExists(file);
        if (Files.isDirectory(file))
            return DicomReader.read(file);
        checkFile(file);
        return switch (extension(file)) {
            case "nii", "nii.gz" -> NiftiReader.read(file);
            case "mha", "mhd" -> MetaImageReader.read(file);
            case "nrrd", "nhdr" -> NrrdReader.read(file);
            default -> DicomReader.read(file);
        };
    }

    /** Writes {@code image} to {@code file} in the format its extension names, atomically. */
    public static void write(OutputImage image, Path file) throws IOException, UsageException {
        String ext = extension(file);
        checkPlanes(file, image.image().voxels().planes().size());
        try {
            switch (ext) {
                case "tif", "tiff", "png" -> {
                    try {
                        planeFormat(file).write(image, file, ext);
                    } catch (LinkageError e) {
                        throw new UsageException("output " + file + ": " + withoutImageJ(e));
                    }
                }
                case "nii", "nii.gz" -> NiftiWriter.write(image.image(), image.role().labels(), file);
                case "mha", "mhd" -> MetaImageWriter.write(image.image(), file, true);
                case "nrrd" -> NrrdWriter.write(image.image(), file, true);
                default -> throw new UsageException("output " + file + ": unsupported format '." + ext + "' (use " + WRITABLE + ")");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("output " + file + ": " + e.getMessage());
        } catch (InputException e) {
            throw new UsageException("output " + file + ": " + e.getMessage());
        }
    }

    /**
     * Refuses, before any work, an output that cannot be written: a PNG for an image of several planes
     * (slices, frames or samples; PNG holds one 2D image), or a TIFF/PNG where ImageJ 1 is not on the class path.
     */
    public static void checkPlanes(Path file, long planes) throws UsageException {
        String ext = extension(file);
        if (ext.equals("tif") || ext.equals("tiff") || ext.equals("png")) {
            try {
                planeFormat(file).checkAvailable();
            } catch (InputException | LinkageError e) {
                throw new UsageException("output " + file + ": " + withoutImageJ(e instanceof LinkageError ? e : e.getCause()));
            }
        }
        if (planes > 1 && ext.equals("png"))
            throw new UsageException("output " + file + ": PNG holds one 2D image, and this one has " + planes
                    + " planes (slices, frames or samples); use .tif, .nii.gz, .mha or .nrrd");
    }

    /** The lower-case extension ({@code nii.gz} counted as one), or an empty string. */
    public static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".nii.gz"))
            return "nii.gz";
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /** A title without its extension ("scan.nii.gz" → "scan"). */
    public static String baseTitle(String title) {
        String t = title.replaceFirst("(?i)\\.nii\\.gz$", "");
        int dot = t.lastIndexOf('.');
        return dot > 0 && t.length() - dot <= 6 ? t.substring(0, dot) : t;
    }

    /**
     * Refuses float planes holding NaN or infinite values: models turn them into NaN probabilities,
     * which would silently become background.
     */
    public static void checkFinite(List<Object> planes, int width, Path file) throws InputException {
        long bad = 0;
        String first = null;
        for (int z = 0; z < planes.size(); z++) {
            if (!(planes.get(z) instanceof float[] px))
                continue;
            for (int i = 0; i < px.length; i++)
                if (!Float.isFinite(px[i]) && bad++ == 0)
                    first = "x=" + i % width + ", y=" + i / width + ", plane " + z + ": " + px[i];
        }
        if (bad > 0)
            throw new InputException(file, "holds " + bad + " NaN or infinite voxel(s) (first at " + first
                    + "); replace them with a finite value (e.g. the background's) before segmenting");
    }

    private static void checkExists(Path file) throws InputException {
        if (!Files.exists(file))
            throw new InputException(file, "no such file");
        if (!Files.isReadable(file))
            throw new InputException(file, "not readable");
    }

    /** Refuses a path that does not exist, cannot be read, or is not a regular file (one line naming it). */
    public static void checkFile(Path file) throws InputException {
        checkExists(file);
        if (!Files.isRegularFile(file))
            throw new InputException(file, "is not a file");
    }

    private static PlaneFormat planeFormat(Path file) throws InputException {
        PlaneFormat p = planes;
        if (p == null) {
            try {
                p = ServiceLoader.load(PlaneFormat.class, ImageFormats.class.getClassLoader()).findFirst().orElse(null);
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                throw new InputException(file, withoutImageJ(e), e);
            }
            if (p == null)
                throw new InputException(file, withoutImageJ(null));
            planes = p;
        }
        return p;
    }

    private static String withoutImageJ(Throwable e) {
        String missing = e == null || e.getMessage() == null ? "" : " (missing: " + e.getMessage().replace('/', '.') + ")";
        return "TIFF, PNG and other non-medical formats are read and written through ImageJ 1, which is not on the class path"
                + missing + "; add ij.jar, or use .nii.gz, .mha or .nrrd";
    }
}
