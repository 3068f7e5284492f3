package org.condseg.ij;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

import org.condseg.model.InputException;

import ij.IJ;
import ij.ImagePlus;

/**
 * Opens other formats through Bio-Formats where it is on the class path (as in every Fiji), by
 * reflection on {@code loci.plugins.BF.openImagePlus(String)}, with no compile-time dependency; where
 * it is absent, says so in one line. A file holding several series opens its first, with a note.
 *
 * <pre>{@code
 * if (BioFormats.present()) { ImagePlus imp = BioFormats.open(Path.of("cells.czi")); }
 * }</pre>
 */
public final class BioFormats {

    static final String BF = "loci.plugins.BF";

    private BioFormats() {
    }

    /** Whether Bio-Formats' ImageJ plugin classes can be loaded. */
    public static boolean present() {
        return find(BF) != null;
    }

    public static ImagePlus open(Path file) throws InputException {
        return open(file, BF);
    }

    /** Opens through the class {@code className} (its static {@code openImagePlus(String)}). */
    static ImagePlus open(Path file, String className) throws InputException {
        Class<?> bf = find(className);
        if (bf == null)
            throw new InputException(file, "Bio-Formats is not on the class path; cannot open ." + ImageFiles.extension(file)
                    + " (CondSeg itself reads " + ImageFiles.READABLE + ")");
        Object result;
        try {
            Method m = bf.getMethod("openImagePlus", String.class);
            result = m.invoke(null, file.toAbsolutePath().toString());
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new InputException(file, "Bio-Formats cannot open it: " + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage().lines().findFirst().orElse("")), c);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new InputException(file, "Bio-Formats could not be called: " + e, e);
        }
        if (!(result instanceof ImagePlus[] images) || images.length == 0 || images[0] == null)
            throw new InputException(file, "Bio-Formats found no image in it");
        ImagePlus imp = images[0];
        if (images.length > 1)
            imp.setProperty(MedicalImages.NOTES, "the file holds " + images.length + " series; Bio-Formats opened the first");
        return imp;
    }

    private static Class<?> find(String name) {
        ClassLoader plugins;
        try {
            plugins = IJ.getClassLoader();
        } catch (RuntimeException e) {
            plugins = null;
        }
        for (ClassLoader l : new ClassLoader[] {plugins, Thread.currentThread().getContextClassLoader(),
            BioFormats.class.getClassLoader()}) {
            if (l == null)
                continue;
            try {
                return Class.forName(name, true, l);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }
}
