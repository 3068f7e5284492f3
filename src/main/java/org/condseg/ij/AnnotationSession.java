package org.condseg.ij;

import java.util.ArrayList;
import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.CondSegException;
import org.condseg.model.MaskChoice;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.segment.Propagator;
import org.condseg.segment.Segmenter;

import ij.ImagePlus;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * The pixel work of live annotation on one source image, without any window or event: the prompts of
 * the object being drawn (all on one slice and frame), the mask the model gives for them, undo, and
 * the commit of that mask to the source's one label image ({@link AnnotationLabels}, {@code T-labels})
 * under the next label value. The model stays open across prompts (the caller owns the network); each
 * prompt re-runs the model on the slice with all the object's prompts, so that the mask is a function
 * of the prompt list and a recorded list replays to the same mask.
 *
 * <pre>{@code
 * AnnotationSession s = new AnnotationSession(imp, spec, net, SegmentOptions.defaults());
 * s.add(new AnnotationSession.Point(40, 30, true), 1, 1); // positive click on slice 1, frame 1
 * s.add(new AnnotationSession.Point(52, 30, false), 1, 1); // negative click
 * AnnotationSession.Committed c = s.commit(); // label 1 in T-labels
 * }</pre>
 */
public final class AnnotationSession {

    /** One prompt, in pixel coordinates of the session's slice. */
    public sealed interface Prompt permits Point, Rect, Stroke {
    }

    /** A click: positive (Click) or negative (Alt-click). */
    public record Point(int x, int y, boolean positive) implements Prompt {
    }

    /** A box (drag); the last box of an object is its box. */
    public record Rect(int x, int y, int width, int height) implements Prompt {
        public Rect {
            if (width <= 0 || height <= 0)
                throw new IllegalArgumentException("box size " + width + "x" + height + " is not positive");
        }
    }

    /** A scribble (Shift-drag): the pixels of the line through these points. */
    public record Stroke(int[] xs, int[] ys) implements Prompt {
        public Stroke {
            if (xs.length != ys.length || xs.length == 0)
                throw new IllegalArgumentException("a scribble needs as many x as y coordinates, at least one");
            xs = xs.clone();
            ys = ys.clone();
        }
    }

    /**
     * What a commit wrote.
     *
     * @param label the label value
     * @param slice the slice of the prompts (1-based)
     * @param frame the frame (1-based)
     * @param prompts the object's prompts
     * @param range the slices the object was carried through (1-based, inclusive) by propagation or a 3D model, or {@code null}
     * @param voxels the voxels written (those not already labelled)
     * @param rois the object's outline on each slice it covers
     * @param choice the candidate mask the prompts got at the end (models with several candidates)
     */
    public record Committed(int label, int slice, int frame, List<Prompt> prompts, int[] range, long voxels, List<Roi> rois,
            MaskChoice choice) {
    }

    private final ImagePlus source;
    private final ModelSpec spec;
    private final Network network;
    private final SegmentOptions options;
    private final int channel;
    private final List<Prompt> prompts = new ArrayList<>();
    /** The mask after each prompt: planes of the frame's z-stack (null where empty). */
    private final List<byte[][]> masks = new ArrayList<>();
    private byte[][] extended;
    private int[] range;
    private int slice = 1, frame = 1;
    private AnnotationLabels labels;
    private MaskChoice choice;

    public AnnotationSession(ImagePlus source, ModelSpec spec, Network network, SegmentOptions options) {
        this.source = source;
        this.spec = spec;
        this.network = network;
        this.options = options;
        this.choice = options.maskChoice();
        this.channel = Math.max(1, source.getC());
    }

    public ImagePlus source() {
        return source;
    }

    public ModelSpec spec() {
        return spec;
    }

    public List<Prompt> prompts() {
        return List.copyOf(prompts);
    }

    /** The slice (1-based) of the current prompts. */
    public int slice() {
        return slice;
    }

    public int frame() {
        return frame;
    }

    /**
     * Adds a prompt made on {@code slice} and {@code frame} (1-based) and runs the model. A prompt on
     * another slice or frame than the current ones starts a new object there.
     *
     * @return the mask of the current object on that slice (x fastest, 0 or 1)
     * @throws CondSegException where the model refuses the prompts; the prompt is then not kept
     */
    public byte[] add(Prompt p, int slice, int frame) throws CondSegException {
        if (slice < 1 || slice > source.getNSlices() || frame < 1 || frame > source.getNFrames())
            throw new IllegalArgumentException("slice " + slice + ", frame " + frame + " do not exist in " + source.getTitle());
        if (!prompts.isEmpty() && (slice != this.slice || frame != this.frame))
            clear();
        this.slice = slice;
        this.frame = frame;
        prompts.add(p);
        try {
            masks.add(segmentSlice());
        } catch (CondSegException | RuntimeException e) {
            prompts.remove(prompts.size() - 1);
            throw e;
        }
        extended = null;
        range = null;
        return mask(slice);
    }

    /**
     * Sets the object's prompts at once, on {@code slice} and {@code frame} (1-based): a replayed macro line.
     * With {@code run} the model segments the slice; without, the prompts wait for {@link #propagate} or
     * {@link #segment3d}.
     */
    public void replace(List<Prompt> all, int slice, int frame, boolean run) throws CondSegException {
        if (slice < 1 || slice > source.getNSlices() || frame < 1 || frame > source.getNFrames())
            throw new UsageException("slice=" + slice + " frame=" + frame + " do not exist in " + source.getTitle() + " ("
                    + source.getNSlices() + " slices, " + source.getNFrames() + " frames)");
        clear();
        this.slice = slice;
        this.frame = frame;
        if (!run) {
            prompts.addAll(all);
            return;
        }
        try {
            // a model that continues from a mask gets the prompts one by one, as the tool gave them
            if (spec.conditioning().continuesFromMask()) {
                for (Prompt p : all) {
                    prompts.add(p);
                    masks.add(segmentSlice());
                }
            } else {
                prompts.addAll(all);
                masks.add(segmentSlice());
            }
        } catch (CondSegException | RuntimeException e) {
            clear();
            throw e;
        }
    }

    /** Which candidate mask the prompts get (models with several candidates). */
    public MaskChoice maskChoice() {
        return choice;
    }

    /**
     * The next candidate mask (best, small, medium, large, best, ...) for the current prompts: the last
     * prompt's mask is made again with it. Later prompts keep the choice.
     *
     * @return the mask of the current object on its slice with the new choice
     * @throws UsageException where the model gives one mask per prompt, or there is no prompt yet
     */
    public byte[] nextCandidate() throws CondSegException {
        if (!spec.conditioning().candidates().several())
            throw new UsageException("model " + spec.id() + " gives one mask per prompt: there is no other candidate");
        if (prompts.isEmpty())
            throw new UsageException("no prompt yet: click on the object first");
        MaskChoice was = choice;
        choice = choice.next();
        byte[][] before = masks.size() == prompts.size() ? masks.remove(masks.size() - 1) : null;
        try {
            masks.add(segmentSlice());
        } catch (CondSegException | RuntimeException e) {
            choice = was;
            if (before != null)
                masks.add(before);
            throw e;
        }
        extended = null;
        range = null;
        return mask(slice);
    }

    /** Removes the last prompt (and any propagation); the mask returns to what it was before it. */
    public void undo() {
        if (extended != null) {
            extended = null;
            range = null;
            return;
        }
        if (prompts.isEmpty())
            return;
        prompts.remove(prompts.size() - 1);
        if (masks.size() > prompts.size())
            masks.remove(masks.size() - 1);
    }

    /** Forgets the current object's prompts and mask. */
    public void clear() {
        prompts.clear();
        masks.clear();
        extended = null;
        range = null;
    }

    /** Whether the current object has a non-empty mask. */
    public boolean hasMask() {
        byte[][] m = current();
        if (m != null)
            for (byte[] plane : m)
                if (plane != null)
                    return true;
        return false;
    }

    /** The current object's mask on slice {@code z} (1-based), or {@code null} where it is empty there. */
    public byte[] mask(int z) {
        byte[][] m = current();
        return m == null ? null : m[z - 1];
    }

    /** The slices (1-based, inclusive) the object was carried through, or {@code null} where it lies on one slice. */
    public int[] range() {
        return range == null ? null : range.clone();
    }

    /**
     * Carries the current object through the stack from its slice with the 2D model ({@link Propagator}),
     * keeping slices {@code first..last} (1-based, inclusive).
     */
    public void propagate(int first, int last) throws CondSegException {
        checkRange(first, last);
        Volume stack = ImagePlusAdapter.toVolume(source, channel, frame);
        SegmentResult r = new Propagator(spec, network).segment(new SegmentRequest(stack, prompts(slice - 1, null, false), options),
                Progress.NONE, () -> false);
        extended = planes(r.labels(), first, last);
        range = new int[] {first, last};
    }

    /**
     * Segments the object in 3D with a volumetric model over slices {@code first..last} (1-based,
     * inclusive): the current box spans those slices, the clicks stay on their slice.
     *
     * @throws UsageException where there is no box, or the range is one slice
     */
    public void segment3d(ModelSpec spec3d, Network net3d, int first, int last) throws CondSegException {
        checkRange(first, last);
        if (last == first)
            throw new UsageException("a 3D model needs a box over several slices; first=" + first + " and last=" + last
                    + " are one slice: mark the first and last slices of the object");
        if (spec3d.spatialDims() != 3)
            throw new UsageException("model " + spec3d.id() + " is not a 3D model; choose one such as interactive-3d");
        Volume stack = ImagePlusAdapter.toVolume(source, channel, frame);
        SegmentResult r = new Segmenter(spec3d, net3d).segment(new SegmentRequest(stack, prompts(slice - 1, new int[] {first, last}, false),
                options), Progress.NONE, () -> false);
        extended = planes(r.labels(), first, last);
        range = new int[] {first, last};
    }

    /**
     * Writes the current object to the label image under the next label value ({@code label} where
     * positive: a replayed macro gives the same values), over background pixels only, and starts a new object.
     *
     * @throws IllegalStateException where the mask is empty
     */
    public Committed commit(int label) {
        if (!hasMask())
            throw new IllegalStateException("nothing to commit: the mask is empty");
        AnnotationLabels out = labels();
        int value = label > 0 ? label : out.nextLabel();
        byte[][] m = current();
        long voxels = 0;
        List<Roi> rois = new ArrayList<>();
        for (int z = 1; z <= m.length; z++)
            if (m[z - 1] != null) {
                voxels += out.write(m[z - 1], z, frame, value);
                Roi roi = AnnotationLabels.outline(m[z - 1], source.getWidth(), source.getHeight());
                if (roi != null) {
                    roi.setName("label-" + value + "-z" + z + (source.getNFrames() > 1 ? "-t" + frame : ""));
                    roi.setPosition(0, z, frame);
                    rois.add(roi);
                }
            }
        out.note(spec, value, prompts.size());
        Committed c = new Committed(value, slice, frame, List.copyOf(prompts), range(), voxels, List.copyOf(rois), choice);
        clear();
        return c;
    }

    /** The source's label image, {@code T-labels}, found or made on first use. */
    public AnnotationLabels labels() {
        if (labels == null || !labels.fits(source))
            labels = AnnotationLabels.forSource(source);
        return labels;
    }

    private byte[][] current() {
        if (extended != null)
            return extended;
        return masks.isEmpty() ? null : masks.get(masks.size() - 1);
    }

    private void checkRange(int first, int last) throws UsageException {
        if (prompts.isEmpty())
            throw new UsageException("no prompt yet: click on the object or draw a box on it first");
        int d = source.getNSlices();
        if (first < 1 || last > d || first > last || slice < first || slice > last)
            throw new UsageException("slices first=" + first + " to last=" + last + " do not lie in 1.." + d
                    + " around the prompted slice " + slice);
    }

    /**
     * The model's mask for the current prompts on the current slice; a model that continues from a mask
     * gets the mask of the prompts before the last one (where there is no scribble).
     */
    private byte[][] segmentSlice() throws CondSegException {
        Volume stack = ImagePlusAdapter.toVolume(source, channel, frame);
        Volume plane = new Volume(slice(stack.pixels(), slice - 1), stack.calibration(), stack.name());
        Prompts p = prompts(0, null, true);
        byte[] previous = masks.isEmpty() ? null : masks.get(masks.size() - 1)[slice - 1];
        if (spec.conditioning().continuesFromMask() && p.mask() == null && previous != null)
            p = new Prompts(p.clicks(), p.boxes(), ArrayImgs.unsignedBytes(previous.clone(), source.getWidth(), source.getHeight(), 1), null);
        SegmentResult r = new Segmenter(spec, network).segment(new SegmentRequest(plane, p, options.withMaskChoice(choice)),
                Progress.NONE, () -> false);
        byte[][] out = new byte[source.getNSlices()][];
        out[slice - 1] = plane(r.labels(), 0);
        return out;
    }

    /** One slice of an x, y, z image as an x, y, z image of depth 1. */
    private static <T> RandomAccessibleInterval<T> slice(RandomAccessibleInterval<T> img, long z) {
        return Views.zeroMin(Views.addDimension(Views.hyperSlice(img, 2, z), 0, 0));
    }

    /**
     * The prompts on slice {@code z} (0-based) of the volume they go to (one plane, or the frame's z-stack); a box over
     * {@code zRange} (1-based) where given.
     */
    private Prompts prompts(int z, int[] zRange, boolean onePlane) {
        int w = source.getWidth(), h = source.getHeight();
        List<Click> clicks = new ArrayList<>();
        Rect box = null;
        Img<UnsignedByteType> scribble = null;
        for (Prompt p : prompts) {
            if (p instanceof Point pt)
                clicks.add(new Click(pt.x(), pt.y(), z, pt.positive()));
            else if (p instanceof Rect r)
                box = r;
            else if (p instanceof Stroke s) {
                if (scribble == null)
                    scribble = ArrayImgs.unsignedBytes(w, h, onePlane ? 1 : source.getNSlices());
                paint(scribble, s, z);
            }
        }
        List<Box> boxes = new ArrayList<>();
        if (box != null) {
            int x0 = Math.max(0, box.x()), y0 = Math.max(0, box.y());
            int x1 = Math.min(w, box.x() + box.width()), y1 = Math.min(h, box.y() + box.height());
            if (x1 > x0 && y1 > y0)
                boxes.add(zRange == null ? new Box(x0, y0, x1 - x0, y1 - y0, z, 1)
                        : new Box(x0, y0, x1 - x0, y1 - y0, zRange[0] - 1, zRange[1] - zRange[0] + 1));
        }
        return new Prompts(clicks, boxes, scribble, null);
    }

    private static void paint(Img<UnsignedByteType> mask, Stroke s, int z) {
        RandomAccess<UnsignedByteType> ra = mask.randomAccess();
        for (java.awt.Point p : pixels(s, (int) mask.dimension(0), (int) mask.dimension(1))) {
            ra.setPosition(new long[] {p.x, p.y, mask.dimension(2) == 1 ? 0 : z});
            ra.get().set(1);
        }
    }

    /** The pixels of a scribble: those its line passes through, inside a w × h image. */
    public static List<java.awt.Point> pixels(Stroke s, int w, int h) {
        List<java.awt.Point> out = new ArrayList<>();
        Roi line = s.xs().length == 1 ? new Roi(s.xs()[0], s.ys()[0], 1, 1)
                : new PolygonRoi(toFloat(s.xs()), toFloat(s.ys()), s.xs().length, Roi.FREELINE);
        for (java.awt.Point p : line.getContainedPoints())
            if (p.x >= 0 && p.y >= 0 && p.x < w && p.y < h)
                out.add(p);
        return out;
    }

    private static float[] toFloat(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++)
            f[i] = v[i];
        return f;
    }

    /** Slice {@code z} (0-based) of a label image as a 0/1 mask, or {@code null} where it is empty. */
    private static byte[] plane(Img<UnsignedShortType> labels, long z) {
        int w = (int) labels.dimension(0), h = (int) labels.dimension(1);
        byte[] m = new byte[w * h];
        boolean any = false;
        Cursor<UnsignedShortType> c = Views.flatIterable(Views.hyperSlice(labels, 2, z)).cursor();
        for (int i = 0; i < m.length; i++)
            if (c.next().get() != 0) {
                m[i] = 1;
                any = true;
            }
        return any ? m : null;
    }

    private byte[][] planes(Img<UnsignedShortType> labels, int first, int last) {
        byte[][] out = new byte[source.getNSlices()][];
        for (int z = first; z <= last; z++)
            out[z - 1] = plane(labels, z - 1);
        return out;
    }
}
