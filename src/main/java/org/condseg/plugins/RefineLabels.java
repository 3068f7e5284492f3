package org.condseg.plugins;

import java.awt.GraphicsEnvironment;

import org.condseg.ij.ImagePlusAdapter;
import org.condseg.ij.LabelRefinement;
import org.condseg.ij.StatusBarProgress;
import org.condseg.model.UsageException;
import org.condseg.refine.Refinement;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › Conditional Segmentation › Refine Labels...}: classic refinement of an open label
 * image (the command line's {@code refine}): fill holes, keep the largest component, remove small
 * objects, open or close with a radius in calibrated units, graph cut or CRF on the image's edges.
 * Shows {@code L-refined} (for labels titled {@code L}), calibrated like the labels; the labels are
 * never changed. Without a display the result becomes the current image ({@code IJ.getImage()}).
 *
 * <pre>{@code
 * run("Refine Labels...", "labels=scan-labels image=scan.tif steps=[fill-holes,largest,open:1.5mm]");
 * }</pre>
 */
public class RefineLabels implements PlugIn {

    static final String TITLE = "Refine Labels";
    static final String NONE = "none";

    @Override
    public void run(String arg) {
        MissingClass.guard("Refine Labels", () -> body(arg));
    }

    private void body(String arg) {
        ImagePlus current = WindowManager.getCurrentImage();
        if (current == null) {
            OptionsDialog.error(TITLE, "no image is open");
            return;
        }
        String[] titles = WindowManager.getImageTitles(), optional = optional(titles);
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.choice("labels", titles, current.getTitle());
        d.choice("image", optional, NONE);
        d.choice("probabilities", optional, NONE);
        d.string("steps", "fill-holes,largest");
        d.help("Steps, in order: fill-holes[:slices], largest, min-size:SIZE (50px, 4mm2, 20mm3, 0.5ml), open:R, close:R "
                + "(1.5mm, 2px), graphcut[:BAND], crf. graphcut and crf read the image (and the probabilities, where given).");
        if (!d.show())
            return;
        String labels = d.nextString(), image = d.nextString(), probabilities = d.nextString(), steps = d.nextString();
        StatusBarProgress progress = new StatusBarProgress("CondSeg");
        ImagePlus refined = Attempt.run(TITLE, progress, () -> {
            Refinement r = parse(steps);
            ImagePlus l = image("labels", labels);
            ImagePlus i = NONE.equals(image) || image.isBlank() ? null : image("image", image);
            ImagePlus p = NONE.equals(probabilities) || probabilities.isBlank() ? null : image("probabilities", probabilities);
            if (r.needsImage() && i == null)
                throw new UsageException("steps=" + r.text() + ": graphcut and crf need image=TITLE");
            IJ.resetEscape();
            ImagePlus made = LabelRefinement.refine(l, i, p, r, progress, IJ::escapePressed);
            made.setTitle(refinedTitle(l));
            return made;
        });
        if (refined == null)
            return;
        progress.done(refined.getTitle());
        if (GraphicsEnvironment.isHeadless()) {
            WindowManager.setTempCurrentImage(refined);
            IJ.log("CondSeg: " + refined.getTitle());
        } else
            refined.show();
    }

    /** {@code L-refined} for labels titled {@code L} (its extension dropped). */
    static String refinedTitle(ImagePlus labels) {
        return ImagePlusAdapter.baseTitle(labels.getTitle()) + "-refined";
    }

    /** The step list, or a usage error naming the bad step. */
    static Refinement parse(String steps) throws UsageException {
        try {
            return Refinement.parse(steps);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static ImagePlus image(String key, String title) throws UsageException {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null)
            throw new UsageException(key + "=" + title + ": no open image has that title");
        return imp;
    }

    private static String[] optional(String[] titles) {
        String[] t = new String[titles.length + 1];
        t[0] = NONE;
        System.arraycopy(titles, 0, t, 1, titles.length);
        return t;
    }
}
