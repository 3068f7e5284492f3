package org.condseg.commands;

import java.io.File;

import org.condseg.ij.ImageFiles;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Open Medical Image as a SciJava command: reads {@code path} through CondSeg's readers.
 *
 * <pre>{@code
 * imp = cs.run("org.condseg.commands.OpenMedicalImageCommand", false, "path", new File("scan.tif")).get().getOutput("image")
 * }</pre>
 */
@Plugin(type = Command.class, label = "Open Medical Image (CondSeg)", headless = true)
public class OpenMedicalImageCommand extends ContextCommand {

    @Parameter(persist = false, style = "open")
    File path;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus image;

    @Override
    public void run() {
        try {
            if (path == null)
                throw new org.condseg.model.UsageException("path: no file given");
            image = ImageFiles.read(path.toPath());
        } catch (CondSegException e) {
            cancel(e.oneLine(OptionKey.Syntax.MACRO));
        }
    }
}
