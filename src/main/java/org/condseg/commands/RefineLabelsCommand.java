package org.condseg.commands;

import java.io.File;
import java.util.concurrent.CancellationException;

import org.condseg.ij.ImagePlusAdapter;
import org.condseg.ij.LabelRefinement;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;
import org.condseg.model.Progress;
import org.condseg.model.UsageException;
import org.condseg.refine.Refinement;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Refine Labels as a SciJava command: the steps ({@code fill-holes,largest,open:1.5mm,graphcut}, as
 * the command line's {@code refine --steps}) run on {@code labels} (or the file {@code labelsFile}),
 * with {@code image} for graphcut and crf and optionally the model's {@code probabilities}; the result
 * {@code refined} is titled {@code L-refined} and calibrated like the labels, which are never changed.
 *
 * <pre>{@code
 * m = cs.run("org.condseg.commands.RefineLabelsCommand", false, "labels", labels, "image", imp,
 *            "steps", "fill-holes,largest,open:1.5mm").get()
 * m.getOutput("refined").show()
 * }</pre>
 */
@Plugin(type = Command.class, label = "Refine Labels (CondSeg)", headless = true)
public class RefineLabelsCommand extends ContextCommand {

    @Parameter(persist = false, required = false)
    ImagePlus labels;

    @Parameter(persist = false, required = false, label = "labels file")
    File labelsFile;

    @Parameter(persist = false, required = false)
    ImagePlus image;

    @Parameter(persist = false, required = false, label = "image file")
    File imageFile;

    @Parameter(persist = false, required = false)
    ImagePlus probabilities;

    @Parameter(persist = false, description = "fill-holes[:slices], largest, min-size:SIZE, open:R, close:R, graphcut[:BAND], crf")
    String steps;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus refined;

    @Override
    public void run() {
        try {
            Refinement r = parse(Inputs.required(steps, "steps"));
            ImagePlus l = Inputs.image(labels, labelsFile, "labels");
            ImagePlus i = optional(image, imageFile), p = optional(probabilities, null);
            if (r.needsImage() && i == null)
                throw new UsageException("steps " + r.text() + ": graphcut and crf need image (or imageFile)");
            ImagePlus out = LabelRefinement.refine(l, i, p, r, Progress.NONE, () -> Thread.currentThread().isInterrupted());
            out.setTitle(ImagePlusAdapter.baseTitle(l.getTitle()) + "-refined");
            refined = out;
        } catch (CondSegException e) {
            cancel(e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IllegalArgumentException e) {
            cancel(e.getMessage());
        } catch (CancellationException e) {
            cancel("cancelled");
        }
    }

    private static Refinement parse(String steps) throws UsageException {
        try {
            return Refinement.parse(steps);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The image, the file read, or {@code null} where neither is given (SciJava passes an empty image). */
    private static ImagePlus optional(ImagePlus given, File file) throws CondSegException {
        if ((given == null || given.getWidth() == 0) && file == null)
            return null;
        return Inputs.image(given, file, "image");
    }
}
