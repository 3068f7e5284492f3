package org.condseg.ij;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Prompts;
import org.condseg.model.UsageException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.PointRoi;
import ij.gui.Roi;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Prompts from what the user drew. Each ROI is one object:
 * <ul>
 * <li>a rectangle (rounded or not) is a box;</li>
 * <li>a point or multi-point ROI gives clicks: points of counter 0 are positive, points of any other
 * counter (Multi-point tool › Counter 1, 2, …) are negative;</li>
 * <li>every other ROI (freehand, polygon, oval, traced, composite, brush, and the line ROIs) is a
 * scribble: the pixels it covers.</li>
 * </ul>
 * An ROI acts on the slice and frame it is attached to ({@link Roi#getZPosition()},
 * {@link Roi#getTPosition()}, or the stack position of a plain stack, or for each point its own
 * position), and where it has none, on the image's current slice and frame. A prior label image gives
 * one object per label and frame, its mask as the scribble.
 *
 * <pre>{@code
 * RoiPrompts.Prompted one = RoiPrompts.fromRoi(imp.getRoi(), imp);
 * List<RoiPrompts.Prompted> each = RoiPrompts.fromRois(RoiManager.getInstance().getRoisAsArray(), imp);
 * }</pre>
 */
public final class RoiPrompts {

    private RoiPrompts() {
    }

    /**
     * The prompts of one object on one frame of the image; z in the prompts is 0-based within the frame's
     * z-stack.
     *
     * @param frame the frame, 1-based
     */
    public record Prompted(int frame, Prompts prompts) {
    }

    /** The ROI drawn on the image as one object. */
    public static Prompted fromRoi(Roi roi, ImagePlus imp) throws UsageException {
        if (roi == null)
            throw new UsageException(imp.getTitle() + " has no selection: draw a box, points or a scribble first (prompt=roi)");
        int[] zt = position(roi, imp);
        int w = imp.getWidth(), h = imp.getHeight();
        if (roi instanceof PointRoi points)
            return new Prompted(zt[1], new Prompts(clicks(points, imp, zt), List.of(), null, null));
        if (roi.getType() == Roi.RECTANGLE) {
            Rectangle r = roi.getBounds().intersection(new Rectangle(0, 0, w, h));
            if (r.isEmpty())
                throw new UsageException("the rectangle " + roi.getBounds() + " lies outside the " + w + "x" + h + " image " + imp.getTitle());
            return new Prompted(zt[1], new Prompts(List.of(), List.of(new Box(r.x, r.y, r.width, r.height, zt[0], 1)), null, null));
        }
        Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(w, h, imp.getNSlices());
        var ra = mask.randomAccess();
        int n = 0;
        for (Point p : roi.getContainedPoints())
            if (p.x >= 0 && p.y >= 0 && p.x < w && p.y < h) {
                ra.setPosition(new long[] {p.x, p.y, zt[0]});
                ra.get().set(1);
                n++;
            }
        if (n == 0)
            throw new UsageException("the " + roi.getTypeAsString() + " selection covers no pixel of " + imp.getTitle());
        return new Prompted(zt[1], new Prompts(List.of(), List.of(), mask, null));
    }

    /** Each ROI (of the ROI Manager) as one object, in order. */
    public static List<Prompted> fromRois(Roi[] rois, ImagePlus imp) throws UsageException {
        if (rois == null || rois.length == 0)
            throw new UsageException("the ROI Manager is empty: add one ROI per object (prompt=roi-manager)");
        List<Prompted> out = new ArrayList<>();
        for (Roi roi : rois)
            out.add(fromRoi(roi, imp));
        return out;
    }

    /**
     * Each label of a prior label image as one object per frame, its mask as the scribble. The prior has
     * the image's width, height and slices, and its frames or one frame (then used for every frame).
     */
    public static List<Prompted> fromLabelImage(ImagePlus prior, ImagePlus imp) throws UsageException {
        int w = imp.getWidth(), h = imp.getHeight(), d = imp.getNSlices();
        if (prior.getWidth() != w || prior.getHeight() != h || prior.getNSlices() != d
                || prior.getNFrames() != 1 && prior.getNFrames() != imp.getNFrames() || prior.getNChannels() != 1)
            throw new UsageException("the prior label image " + prior.getTitle() + " (" + dims(prior) + ") is not on the grid of "
                    + imp.getTitle() + " (" + dims(imp) + ")");
        if (prior.getBitDepth() == 24)
            throw new UsageException("the prior label image " + prior.getTitle() + " is RGB; give an 8-, 16- or 32-bit label image");
        List<Prompted> out = new ArrayList<>();
        ImageStack stack = prior.getStack();
        for (int t = 1; t <= imp.getNFrames(); t++) {
            int pt = prior.getNFrames() == 1 ? 1 : t;
            TreeSet<Integer> labels = new TreeSet<>();
            for (int z = 1; z <= d; z++) {
                var ip = stack.getProcessor(prior.getStackIndex(1, z, pt));
                for (int i = 0; i < w * h; i++) {
                    int v = Math.round(ip.getf(i));
                    if (v > 0)
                        labels.add(v);
                }
            }
            for (int label : labels) {
                Img<UnsignedByteType> mask = ArrayImgs.unsignedBytes(w, h, d);
                var ra = mask.randomAccess();
                for (int z = 1; z <= d; z++) {
                    var ip = stack.getProcessor(prior.getStackIndex(1, z, pt));
                    for (int i = 0; i < w * h; i++)
                        if (Math.round(ip.getf(i)) == label) {
                            ra.setPosition(new long[] {i % w, i / w, z - 1});
                            ra.get().set(1);
                        }
                }
                out.add(new Prompted(t, new Prompts(List.of(), List.of(), mask, null)));
            }
        }
        if (out.isEmpty())
            throw new UsageException("the prior label image " + prior.getTitle() + " has no labels (all zero)");
        return out;
    }

    /** Clicks of a point ROI: counter 0 positive, any other counter negative; each point on its own slice where it has one. */
    static List<Click> clicks(PointRoi roi, ImagePlus imp, int[] zt) throws UsageException {
        List<Click> clicks = new ArrayList<>();
        Point[] points = roi.getContainedPoints();
        int[] counters = roi.getCounters();
        for (int i = 0; i < points.length; i++) {
            Point p = points[i];
            if (p.x < 0 || p.y < 0 || p.x >= imp.getWidth() || p.y >= imp.getHeight())
                throw new UsageException("point " + p.x + "," + p.y + " lies outside the " + imp.getWidth() + "x" + imp.getHeight()
                        + " image " + imp.getTitle());
            int z = zt[0];
            int position = roi.getPointPosition(i);
            if (position > 0 && imp.getStackSize() > 1)
                z = imp.convertIndexToPosition(position)[1] - 1;
            boolean positive = counters == null || i >= counters.length || (counters[i] & 0xff) == 0;
            clicks.add(new Click(p.x, p.y, z, positive));
        }
        if (clicks.stream().noneMatch(Click::positive))
            throw new UsageException("the point selection has only negative points (counter 1 or above); add a positive point (counter 0)");
        return clicks;
    }

    /** {z (0-based), frame (1-based)} of an ROI: its own position, or the image's current one. */
    static int[] position(Roi roi, ImagePlus imp) {
        int[] current = imp.convertIndexToPosition(imp.getCurrentSlice());
        if (roi.hasHyperStackPosition()) {
            int z = roi.getZPosition() == 0 ? current[1] : roi.getZPosition();
            int t = roi.getTPosition() == 0 ? current[2] : roi.getTPosition();
            return new int[] {z - 1, t};
        }
        int p = roi.getPosition();
        int[] czt = p > 0 && p <= imp.getStackSize() ? imp.convertIndexToPosition(p) : current;
        return new int[] {czt[1] - 1, czt[2]};
    }

    private static String dims(ImagePlus imp) {
        return imp.getWidth() + "x" + imp.getHeight() + ", " + imp.getNSlices() + " slices, " + imp.getNFrames() + " frames";
    }
}
