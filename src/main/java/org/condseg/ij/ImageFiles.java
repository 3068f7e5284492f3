package org.condseg.ij;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.condseg.model.InputException;
import org.condseg.model.UsageException;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;

/**
 * Reads and writes images through ImageJ 1 by extension (.tif/.tiff, .png). Writes go to a temporary
 * file in the target folder, renamed into place, so no output is ever half written; an output that
 * is one of the inputs is refused.
 *
 * <pre>{@code
 * ImagePlus imp = ImageFiles.read(Path.of("scan.tif"));
 * ImageFiles.write(labels, Path.of("scan-labels.tif"));
 * }</pre>
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    public static ImagePlus read(Path file) throws InputException {
        if (!Files.isRegularFile(file))
            throw new InputException(file, "no such file");
        if (!Files.isReadable(file))
            throw new InputException(file, "not readable");
        String ext = extension(file);
        if (!ext.equals("tif") && !ext.equals("tiff") && !ext.equals("png"))
            throw new InputException(file, "unsupported format '." + ext + "' (this build reads .tif, .tiff and .png)");
        ImagePlus imp;
        try {
            if (Files.size(file) < 8)
                throw new InputException(file, "is too short to be an image");
            imp = new Opener().openImage(file.toAbsolutePath().toString());
        } catch (IOException | RuntimeException e) {
            throw new InputException(file, "cannot be read: " + e, e);
        }
        if (imp == null || imp.getStackSize() == 0 || imp.getStack().getPixels(1) == null)
            throw new InputException(file, "is not a readable " + ext.toUpperCase(Locale.ROOT) + " image");
        return imp;
    }

    /** Writes {@code imp} to {@code file} (TIFF or PNG by extension), atomically. */
    public static void write(ImagePlus imp, Path file) throws IOException, UsageException {
        String ext = extension(file);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".part." + ext);
        try {
            boolean ok;
            FileSaver saver = new FileSaver(imp);
            if (ext.equals("tif") || ext.equals("tiff"))
                ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString());
            else if (ext.equals("png"))
                ok = saver.saveAsPng(tmp.toString());
            else
                throw new UsageException("output " + file + ": unsupported format '." + ext + "' (use .tif or .png)");
            if (!ok)
                throw new IOException("ImageJ could not write " + file);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".nii.gz"))
            return "nii.gz";
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
