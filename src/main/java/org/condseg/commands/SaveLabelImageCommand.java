package org.condseg.commands;

import java.io.File;
import java.io.IOException;

import org.condseg.ij.ImageFiles;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;
import org.condseg.model.UsageException;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Save Label Image as a SciJava command: writes {@code image} to {@code path} (format by extension),
 * atomically.
 *
 * <pre>{@code
 * cs.run("org.condseg.commands.SaveLabelImageCommand", false, "image", labels, "path", new File("scan-labels.tif"))
 * }</pre>
 */
@Plugin(type = Command.class, label = "Save Label Image (CondSeg)", headless = true)
public class SaveLabelImageCommand extends ContextCommand {

    @Parameter(persist = false)
    ImagePlus image;

    @Parameter(persist = false, style = "save")
    File path;

    @Override
    public void run() {
        try {
            if (path == null)
                throw new UsageException("path: no file given");
            ImageFiles.write(Inputs.image(image, null, "image"), path.toPath());
        } catch (CondSegException e) {
            cancel(e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IOException e) {
            cancel(path + ": " + e.getMessage());
        }
    }
}
