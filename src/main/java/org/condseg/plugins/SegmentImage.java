package org.condseg.plugins;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;

import org.condseg.ij.ImageSegmentation;
import org.condseg.ij.LabelMeasurements;
import org.condseg.ij.LabelRois;
import org.condseg.ij.RoiPrompts;
import org.condseg.ij.SliceRange;
import org.condseg.ij.StatusBarProgress;
import org.condseg.io.Models;
import org.condseg.refine.Refinement;
import org.condseg.model.MaskChoice;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;

/**
 * {@code Plugins › Conditional Segmentation › Segment Image...}: segments the current image with a
 * model, prompted by the selection, the ROI Manager or a prior label image, and shows {@code T-labels}
 * (and where asked {@code T-probabilities}, {@code T-uncertainty}, the objects in the ROI Manager)
 * with a results table row per object. Without a display (truly headless,
 * {@code IJ.runPlugIn("org.condseg.plugins.SegmentImage", "model=… prompt=none")}) nothing is shown: the
 * labels become the current image ({@code IJ.getImage()}).
 *
 * <pre>{@code
 * run("Segment Image...", "model=interactive-2d prompt=roi propagate rois");
 * run("Segment Image...", "model=my-ct-model prompt=none cascade=2 refine=fill-holes,largest threads=2");
 * run("Segment Image...", "model=my-t1-t2-model prompt=none channels=[t1.tif,t2.tif]");
 * }</pre>
 */
public class SegmentImage implements PlugIn {

    static final String TITLE = "Segment Image";
    static final String[] PROMPTS = {"none", "roi", "roi-manager", "label-image"};
    static final String[] MASK_CHOICES = java.util.Arrays.stream(MaskChoice.values()).map(MaskChoice::text).toArray(String[]::new);

    /** The dialog's Help: what each field does, and where the user guide is. */
    static final String HELP = "<html><h3>Segment Image</h3>"
            + "<p><b>model</b>: a shipped model (Plugins › Conditional Segmentation › Model Manager... says what each is for). "
            + "<b>prompt</b>: <i>roi</i> = the rectangle, points (Alt: negative) or line drawn now; <i>roi-manager</i> = one object "
            + "per ROI; <i>label-image</i> = one object per label of <b>prompt_image</b>; <i>none</i> for models without a prompt "
            + "(give <b>class</b> to a class-conditional one).</p>"
            + "<p><b>propagate</b> carries a 2D prompt through the stack; <b>first</b>/<b>last</b> (1-based slices) keep it there, "
            + "or give a 3D model's box its slices. <b>samples</b>/<b>seed</b>: masks of a generative model (<b>sample_masks</b> "
            + "shows them); <b>probabilities</b>, <b>uncertainty</b>: 32-bit maps; <b>rois</b>: objects to the ROI Manager; "
            + "<b>tta</b>: average over flips; <b>mask_choice</b>: which candidate mask of an ambiguous click (models with several: "
            + "the best-scored, or the smallest, middle or largest); <b>cascade</b>: a coarse pass first (models without a prompt); <b>refine</b>: steps "
            + "as in Refine Labels...; <b>threads</b>, <b>overlap</b>, <b>device</b>: how the model runs.</p>"
            + "<p>The labels open as <i>title</i>-labels at the prompted slice, outlined on the image. For clicking objects one by "
            + "one, use the Annotation Tool. The user guide is docs/user/fiji.md in the CondSeg repository.</p></html>";

    @Override
    public void run(String arg) {
        MissingClass.guard(TITLE, () -> segment(arg));
    }

    private void segment(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            OptionsDialog.error(TITLE, "no image is open");
            return;
        }
        Models models = Models.standard(null);
        String[] ids = models.ids().toArray(String[]::new);
        String[] titles = titles();
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.choice("model", ids, ids.length > 0 ? models.defaultId() : "interactive-2d");
        d.choice("prompt", PROMPTS, imp.getRoi() != null ? "roi" : "none");
        d.choice("prompt_image", titles, titles[0]);
        d.string("class", "");
        d.number("channel", imp.getC());
        d.string("channels", "");
        d.flag("propagate", false);
        d.number("samples", 1);
        d.number("seed", 0);
        d.flag("probabilities", false);
        d.flag("uncertainty", false);
        d.flag("rois", false);
        d.flag("tta", false);
        d.choice("mask_choice", MASK_CHOICES, "best");
        d.choice("device", new String[] {"cpu", "gpu", "auto"}, "cpu");
        d.number("threads", 0);
        d.number("overlap", -1);
        d.number("cascade", 0);
        d.string("refine", "");
        d.flag("sample_masks", false);
        d.number("first", 0);
        d.number("last", 0);
        d.help(HELP);
        if (!d.show())
            return;
        String model = d.nextString(), prompt = d.nextString(), promptImage = d.nextString(), className = d.nextString();
        int channel = (int) d.nextNumber();
        String channels = d.nextString();
        boolean propagate = d.nextFlag();
        int samples = (int) d.nextNumber();
        long seed = (long) d.nextNumber();
        boolean probabilities = d.nextFlag(), uncertainty = d.nextFlag(), rois = d.nextFlag(), tta = d.nextFlag();
        String maskChoice = d.nextString();
        String device = d.nextString();
        int threads = (int) d.nextNumber();
        double overlap = d.nextNumber();
        int cascade = (int) d.nextNumber();
        String refine = d.nextString();
        boolean sampleMasks = d.nextFlag();
        int firstSlice = (int) d.nextNumber(), lastSlice = (int) d.nextNumber();

        StatusBarProgress progress = new StatusBarProgress("CondSeg");
        int[] slice = {imp.getZ()};
        ImageSegmentation.Outputs out = Attempt.run(TITLE, progress, () -> {
            // a bad value throws an IllegalArgumentException naming it, which Attempt shows in one line
            SegmentOptions options = new SegmentOptions(threads, device, overlap, samples, seed, tta)
                    .withMaskChoice(MaskChoice.parse(maskChoice));
            Refinement refinement = refine.isBlank() ? Refinement.NONE : Refinement.parse(refine);
            List<ImagePlus> images = channelImages(channels);
            ImagePlus first = images.isEmpty() ? imp : images.get(0);
            SliceRange.Bounded bounded = SliceRange.of(models.find(model), propagate, objects(prompt, promptImage, first), firstSlice,
                    lastSlice, first.getNSlices());
            List<RoiPrompts.Prompted> objects = bounded.objects();
            slice[0] = ResultsInContext.promptedSlice(objects, slice[0]);
            var request = new ImageSegmentation.Request(first, model, images.isEmpty() ? channel : 1,
                    objects, className, propagate, options, probabilities, uncertainty,
                    images.isEmpty() ? List.of() : images.subList(1, images.size()), cascade, refinement, sampleMasks, bounded.ends());
            IJ.resetEscape();
            return ImageSegmentation.run(request, IJ::log, progress, IJ::escapePressed);
        });
        if (out == null)
            return;
        progress.done(out.objects() + " object(s) in " + out.labels().getTitle());
        show(out, rois, imp, slice[0]);
    }

    private static void show(ImageSegmentation.Outputs out, boolean rois, ImagePlus source, int slice) {
        if (GraphicsEnvironment.isHeadless()) {
            // no display: the labels become the current image for the script that ran us (IJ.getImage())
            WindowManager.setTempCurrentImage(out.labels());
            IJ.log("CondSeg: " + out.labels().getTitle() + ", " + out.objects() + " object(s)");
            return;
        }
        for (ImagePlus result : new ImagePlus[] {out.probabilities(), out.uncertainty(), out.samples(), out.labels()})
            if (result != null)
                ResultsInContext.show(result, slice);
        ResultsInContext.outline(source, out.labels());
        LabelMeasurements.table(out.labels()).show("CondSeg Objects");
        ResultsInContext.besideImage("CondSeg Objects", out.labels());
        if (rois) {
            RoiManager rm = RoiManager.getInstance(); // a batch-mode macro's own manager, or the open one
            if (rm == null)
                rm = RoiManager.getRoiManager();
            for (Roi r : LabelRois.of(out.labels()))
                rm.addRoi(r);
        }
    }

    static List<RoiPrompts.Prompted> objects(String prompt, String promptImage, ImagePlus imp) throws UsageException {
        return switch (prompt) {
            case "none" -> List.of();
            case "roi" -> List.of(RoiPrompts.fromRoi(imp.getRoi(), imp));
            case "roi-manager" -> {
                RoiManager rm = GraphicsEnvironment.isHeadless() ? null : RoiManager.getInstance2();
                yield RoiPrompts.fromRois(rm == null ? null : rm.getRoisAsArray(), imp);
            }
            case "label-image" -> {
                ImagePlus prior = WindowManager.getImage(promptImage);
                if (prior == null)
                    throw new UsageException("prompt_image=" + promptImage + ": no open image has that title");
                yield RoiPrompts.fromLabelImage(prior, imp);
            }
            default -> throw new UsageException("prompt=" + prompt + " is not one of none, roi, roi-manager, label-image");
        };
    }

    /**
     * The open images listed by {@code channels=[t1.tif,t2.tif]} (titles separated by commas), the
     * channels of a multi-modal model's input in its order; empty where none are listed.
     */
    static List<ImagePlus> channelImages(String channels) throws UsageException {
        List<ImagePlus> images = new ArrayList<>();
        if (channels == null || channels.isBlank())
            return images;
        for (String title : channels.split(",")) {
            ImagePlus image = WindowManager.getImage(title.trim());
            if (image == null)
                throw new UsageException("channels=" + channels + ": no open image is titled " + title.trim());
            images.add(image);
        }
        return images;
    }

    private static String[] titles() {
        String[] open = WindowManager.getImageTitles();
        String[] t = new String[open.length + 1];
        t[0] = "none";
        System.arraycopy(open, 0, t, 1, open.length);
        return t;
    }
}
