package org.condseg.plugins;

import java.nio.file.Path;

import org.condseg.model.OptionKey;
import org.condseg.ij.ImageFiles;
import org.condseg.model.CondSegException;

import ij.plugin.PlugIn;

/**
 * {@code Plugins › Conditional Segmentation › Open Medical Image...}: opens a file through CondSeg's
 * readers (those of the command line), keeping its geometry as the image's calibration.
 *
 * <pre>{@code
 * run("Open Medical Image...", "path=/data/scan.tif");
 * }</pre>
 */
public class OpenMedicalImage implements PlugIn {

    static final String TITLE = "Open Medical Image";

    @Override
    public void run(String arg) {
        MissingClass.guard("Open Medical Image", () -> body(arg));
    }

    private void body(String arg) {
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.file("path", "");
        if (!d.show())
            return;
        String path = d.nextString();
        try {
            ImageFiles.read(Path.of(path)).show();
        } catch (CondSegException e) {
            OptionsDialog.error(TITLE, e.oneLine(OptionKey.Syntax.MACRO));
        }
    }
}
