package org.condseg.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.ij.ImageFiles;
import org.condseg.model.CondSegException;
import org.condseg.model.UsageException;
import org.scijava.log.LogService;

import ij.ImagePlus;
import ij.WindowManager;

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

    /**
     * The images a comma-separated list names: each an open image's title, else a file read; empty for
     * no list.
     */
    static List<ImagePlus> images(String list) throws CondSegException {
        List<ImagePlus> out = new ArrayList<>();
        if (list == null || list.isBlank())
            return out;
        for (String name : list.split(",")) {
            String n = name.trim();
            ImagePlus open = WindowManager.getImage(n);
            if (open != null)
                out.add(open);
            else if (Files.isRegularFile(Path.of(n)))
                out.add(ImageFiles.read(Path.of(n)));
            else
                throw new UsageException("channels: " + n + " is neither an open image's title nor a file");
        }
        return out;
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
