package org.condseg.plugins;

import java.io.IOException;
import java.nio.file.Path;

import org.condseg.model.OptionKey;
import org.condseg.ij.ImageFiles;
import org.condseg.model.CondSegException;

import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › Conditional Segmentation › Save Label Image...}: writes the current image through
 * CondSeg's writers (format by extension), atomically: nothing half written is ever left.
 *
 * <pre>{@code
 * run("Save Label Image...", "path=/data/scan-labels.tif");
 * }</pre>
 */
public class SaveLabelImage implements PlugIn {

    static final String TITLE = "Save Label Image";

    private static String defaultPath(ImagePlus imp) {
        var info = imp.getOriginalFileInfo();
        String dir = info != null && info.directory != null && !info.directory.isEmpty() ? info.directory : ij.io.OpenDialog.getDefaultDirectory();
        return dir == null ? imp.getTitle() + ".tif" : Path.of(dir, imp.getTitle() + ".tif").toString();
    }

    @Override
    public void run(String arg) {
        MissingClass.guard("Save Label Image", () -> body(arg));
    }

    private void body(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            OptionsDialog.error(TITLE, "no image is open");
            return;
        }
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.file("path", defaultPath(imp));
        if (!d.show())
            return;
        String path = d.nextString();
        try {
            if (path.isBlank())
                throw new IOException("give a path");
            ImageFiles.write(imp, Path.of(path));
        } catch (CondSegException e) {
            OptionsDialog.error(TITLE, e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IOException e) {
            OptionsDialog.error(TITLE, path + ": " + e.getMessage());
        }
    }
}
