package org.condseg.ij;

import java.util.ArrayList;
import java.util.List;

import org.condseg.model.ModelSpec;
import org.condseg.segment.Provenance;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * The one label image of a source image that annotation writes to: {@code T-labels} (T the source's
 * title without its extension), with the source's width, height, slices, frames and calibration,
 * 8-bit (16-bit once a label passes 255) with the distinct-colours LUT. An open image of that title and
 * geometry is reused, so that every object of a session, and every line of a replayed macro, lands in
 * the same image.
 *
 * <pre>{@code
 * AnnotationLabels labels = AnnotationLabels.forSource(imp);
 * labels.write(mask, 3, 1, labels.nextLabel()); // slice 3, frame 1
 * labels.show();
 * }</pre>
 */
public final class AnnotationLabels {

    private final ImagePlus image;
    private final boolean found;
    private final List<String> objects = new ArrayList<>();
    private int max;
    private boolean shown;

    private AnnotationLabels(ImagePlus image, boolean found) {
        this.image = image;
        this.found = found;
        this.max = maxLabel(image);
    }

    /** The open {@code T-labels} of the source's geometry, or a new (not yet shown) one. */
    public static AnnotationLabels forSource(ImagePlus source) {
        String title = title(source);
        ImagePlus open = WindowManager.getImage(title);
        if (open != null && sameGrid(open, source) && (open.getBitDepth() == 8 || open.getBitDepth() == 16))
            return new AnnotationLabels(open, true);
        int w = source.getWidth(), h = source.getHeight(), d = source.getNSlices(), t = source.getNFrames();
        ImageStack stack = new ImageStack(w, h);
        for (int i = 0; i < d * t; i++)
            stack.addSlice(new ByteProcessor(w, h));
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, d, t);
        if (t > 1 && d > 1)
            imp.setOpenAsHyperStack(true);
        ImagePlusAdapter.calibrate(imp, ImagePlusAdapter.calibration(source));
        imp.getProcessor().setLut(LabelImages.distinctColours(256));
        imp.setDisplayRange(0, 255);
        imp.setProperty(LabelImages.LABELS, Boolean.TRUE);
        MedicalImages.carryReference(source, imp);
        return new AnnotationLabels(imp, false);
    }

    /** {@code T-labels} for a source titled {@code T.ext}. */
    public static String title(ImagePlus source) {
        return ImagePlusAdapter.baseTitle(source.getTitle()) + "-labels";
    }

    public ImagePlus image() {
        return image;
    }

    /** Whether this label image still serves {@code source}: the same grid, and open (or not yet shown). */
    boolean fits(ImagePlus source) {
        if (!sameGrid(image, source) || image.getStack() == null || image.getStackSize() == 0)
            return false;
        ImagePlus open = WindowManager.getImage(title(source));
        return open == image || !found && !shown && open == null;
    }

    /** Shows the label image where it is not shown yet (in a batch-mode macro: makes it one of the macro's images). */
    public void show() {
        if (image.getWindow() == null && WindowManager.getImage(image.getID()) == null)
            image.show();
        else
            image.updateAndDraw();
        shown = true;
    }

    /** The largest label so far plus one. */
    public int nextLabel() {
        return max + 1;
    }

    /**
     * Writes {@code value} where the mask is set and the labels are still 0.
     *
     * @param mask a slice mask (x fastest)
     * @param z the slice, 1-based
     * @param t the frame, 1-based
     * @return the pixels written
     */
    public long write(byte[] mask, int z, int t, int value) {
        if (value < 1 || value > 65535)
            throw new IllegalArgumentException("label " + value + " is not in 1..65535");
        if (value > 255 && image.getBitDepth() == 8)
            widen();
        ImageProcessor ip = image.getStack().getProcessor(image.getStackIndex(1, z, t));
        long n = 0;
        for (int i = 0; i < mask.length; i++)
            if (mask[i] != 0 && ip.get(i) == 0) {
                ip.set(i, value);
                n++;
            }
        max = Math.max(max, value);
        image.changes = true;
        return n;
    }

    /** Records an object in the label image's provenance ({@code condseg.provenance}). */
    void note(ModelSpec spec, int label, int prompts) {
        objects.add("{\"label\":" + label + ",\"model\":{\"id\":\"" + spec.id() + "\",\"sha256\":\""
                + (spec.sha256() == null ? "" : spec.sha256()) + "\"},\"prompts\":" + prompts + "}");
        image.setProp(LabelImages.PROVENANCE, "{\"condseg\":\"" + Provenance.version() + "\",\"annotation\":["
                + String.join(",", objects) + "]}");
    }

    /** The outline of a slice mask as one ROI, or {@code null} where the mask is empty. */
    public static Roi outline(byte[] mask, int w, int h) {
        ByteProcessor bp = new ByteProcessor(w, h);
        for (int i = 0; i < mask.length; i++)
            if (mask[i] != 0)
                bp.set(i, 255);
        bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        return new ThresholdToSelection().convert(bp);
    }

    private void widen() {
        ImageStack old = image.getStack(), wide = new ImageStack(old.getWidth(), old.getHeight());
        for (int i = 1; i <= old.getSize(); i++) {
            ImageProcessor b = old.getProcessor(i);
            ShortProcessor s = new ShortProcessor(old.getWidth(), old.getHeight());
            for (int k = 0; k < b.getPixelCount(); k++)
                s.set(k, b.get(k));
            wide.addSlice(old.getSliceLabel(i), s);
        }
        int c = image.getNChannels(), d = image.getNSlices(), t = image.getNFrames();
        image.setStack(wide, c, d, t);
        image.getProcessor().setLut(LabelImages.distinctColours(65536));
        image.setDisplayRange(0, 65535);
    }

    private static boolean sameGrid(ImagePlus a, ImagePlus b) {
        return a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight() && a.getNSlices() == b.getNSlices()
                && a.getNFrames() == b.getNFrames() && a.getNChannels() == 1;
    }

    private static int maxLabel(ImagePlus imp) {
        int m = 0;
        ImageStack s = imp.getStack();
        for (int i = 1; i <= s.getSize(); i++) {
            ImageProcessor ip = s.getProcessor(i);
            for (int k = 0; k < ip.getPixelCount(); k++)
                m = Math.max(m, ip.get(k));
        }
        return m;
    }
}
