package org.condseg.plugins;

import java.io.File;
import java.net.URISyntaxException;
import java.security.CodeSource;

import ij.IJ;

/**
 * The one message for a class missing at run time (a dependency jar not copied into ImageJ): it names
 * the class, the jar it comes from where known, and the folder the jars belong in. It touches nothing
 * but ImageJ and the JDK, so that it works when every other dependency is absent.
 *
 * <pre>{@code
 * } catch (NoClassDefFoundError e) {
 *     MissingClass.report("Segment Image", e);
 * }
 * }</pre>
 */
final class MissingClass {

    private MissingClass() {
    }

    /** Runs a plugin's body; a class missing on the way is reported in one message. */
    static void guard(String title, Runnable body) {
        try {
            body.run();
        } catch (NoClassDefFoundError | ExceptionInInitializerError e) {
            report(title, e);
        }
    }

    static void report(String title, Throwable e) {
        String message = message(e);
        IJ.log(title + ": error: " + message);
        if (!java.awt.GraphicsEnvironment.isHeadless() && !ij.macro.Interpreter.isBatchMode())
            IJ.error(title, message);
        if (ij.macro.Interpreter.getInstance() != null)
            ij.macro.Interpreter.abort();
    }

    /** "CondSeg cannot run: class X is missing (jar J); copy ... into FOLDER". */
    static String message(Throwable e) {
        String name = e.getMessage() == null ? "?" : e.getMessage().replace('/', '.');
        if (e instanceof ExceptionInInitializerError && e.getCause() != null)
            name = e.getCause().toString();
        return "CondSeg cannot run: the class " + name + " is missing" + jarOf(name) + ". Copy every jar of the CondSeg "
                + "bundle (target/imagej/plugins/jars/ for ImageJ, target/fiji/jars/ for Fiji) into " + jarFolder()
                + " and restart ImageJ.";
    }

    private static String jarOf(String className) {
        if (className.startsWith("net.imglib2"))
            return " (imglib2 jar)";
        if (className.startsWith("org.scijava"))
            return " (scijava-common jar)";
        if (className.startsWith("org.yaml.snakeyaml"))
            return " (snakeyaml jar)";
        if (className.startsWith("ai.djl"))
            return " (DJL api or onnxruntime-engine jar)";
        if (className.startsWith("ai.onnxruntime"))
            return " (onnxruntime jar)";
        if (className.startsWith("com.google.gson"))
            return " (gson jar)";
        if (className.startsWith("picocli"))
            return " (picocli jar)";
        return "";
    }

    /** The jars folder beside the plugin jar: plugins/jars/ of this ImageJ. */
    static String jarFolder() {
        try {
            CodeSource src = MissingClass.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                File jar = new File(src.getLocation().toURI());
                File plugins = jar.isFile() ? jar.getParentFile() : jar;
                return new File(plugins, "jars").getPath();
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // fall through to ImageJ's own plugins folder
        }
        String dir = IJ.getDirectory("plugins");
        return dir == null ? "plugins/jars" : new File(dir, "jars").getPath();
    }
}
