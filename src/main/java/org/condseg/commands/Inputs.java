package org.condseg.commands;

import java.io.File;

import org.condseg.ij.ImageFiles;
import org.condseg.model.CondSegException;
import org.condseg.model.UsageException;
import org.scijava.log.LogService;

import ij.ImagePlus;

/**
 * Validation the SciJava framework does not do for us: it enforces neither {@code required} nor
 * {@code min}, and turns a missing ImagePlus into an empty one.
 *
 * <pre>{@code
 * ImagePlus imp = Inputs.image(image, input, "image"); // the image, or the file read, or a UsageException
 * }</pre>
 */
final class Inputs {

    private Inputs() {
    }

    /** The given image if it has pixels, else the file read, else a usage error naming {@code key}. */
    static ImagePlus image(ImagePlus given, File file, String key) throws CondSegException {
        if (given != null && given.getWidth() > 0 && given.getStack().getSize() > 0)
            return given;
        if (file != null)
            return ImageFiles.read(file.toPath());
        throw new UsageException(key + ": no image given" + (key.equals("image") ? " (give image or input)" : ""));
    }

    static String required(String value, String key) throws UsageException {
        if (value == null || value.isBlank())
            throw new UsageException(key + ": no value given");
        return value.trim();
    }

    static void info(LogService log, String message) {
        if (log != null)
            log.info(message);
    }

    static void error(LogService log, String message) {
        if (log != null)
            log.error("CondSeg: " + message);
    }
}
