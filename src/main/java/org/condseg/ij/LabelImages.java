package org.condseg.ij;

import java.awt.Color;
import java.util.List;

import org.condseg.model.Calibration;
import org.condseg.model.SegmentResult;
import org.condseg.segment.Uncertainty;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Label and probability images as ImagePlus: {@code T-labels} (8-bit, or 16-bit over 255 labels, with
 * a distinct-colours LUT), {@code T-probabilities} (32-bit), both with the input's calibration; the
 * label image carries the provenance JSON in its property {@code condseg.provenance}. Several frames
 * (one result per frame) make a hyperstack of one channel, the frames' slices and the frames.
 *
 * <pre>{@code
 * ImagePlus labels = LabelImages.labels(result, "scan", cal);
 * ImagePlus series = LabelImages.labels(List.of(frame1, frame2), "movie", provenanceJson);
 * }</pre>
 */
public final class LabelImages {

    /** The ImagePlus property holding the provenance JSON. */
    public static final String PROVENANCE = "condseg.provenance";

    /** The ImagePlus property (not saved) marking a label image. */
    public static final String LABELS = "condseg.labels";

    private LabelImages() {
    }

    public static ImagePlus labels(SegmentResult r, String title, Calibration cal) {
        boolean wide = r.maxLabel() > 255;
        ImagePlus imp = new ImagePlus(title + "-labels", stack(r.labels(), wide ? 16 : 8));
        imp.setDimensions(1, (int) r.labels().dimension(2), 1);
        ImagePlusAdapter.calibrate(imp, cal);
        imp.getProcessor().setLut(distinctColours(wide ? 65536 : 256));
        imp.setDisplayRange(0, wide ? Math.max(255, r.maxLabel()) : 255);
        imp.setProp(PROVENANCE, r.provenance());
        imp.setProperty(LABELS, Boolean.TRUE);
        return imp;
    }

    /**
     * The label image for {@code source}: its title, calibration and, where it was read from a medical
     * file, its geometry and header, so that it is written on the source's grid in the world.
     */
    public static ImagePlus labelsFor(SegmentResult r, ImagePlus source) {
        ImagePlus imp = labels(r, ImagePlusAdapter.baseTitle(source.getTitle()), ImagePlusAdapter.calibration(source));
        MedicalImages.carryReference(source, imp);
        return imp;
    }

    /** The probability image for {@code source}, like {@link #labelsFor}. */
    public static ImagePlus probabilitiesFor(SegmentResult r, ImagePlus source) {
        ImagePlus imp = probabilities(r, ImagePlusAdapter.baseTitle(source.getTitle()), ImagePlusAdapter.calibration(source));
        MedicalImages.carryReference(source, imp);
        return imp;
    }

    /** The uncertainty image for {@code source} ({@code T-uncertainty}, 32-bit), like {@link #labelsFor}. */
    public static ImagePlus uncertaintyFor(SegmentResult r, ImagePlus source) {
        ImagePlus imp = new ImagePlus(ImagePlusAdapter.baseTitle(source.getTitle()) + "-uncertainty", stack(Uncertainty.of(r), 32));
        ImagePlusAdapter.calibrate(imp, ImagePlusAdapter.calibration(source));
        imp.setDisplayRange(0, 1);
        MedicalImages.carryReference(source, imp);
        return imp;
    }

    /**
     * The sampled label images of a generative model for {@code source} ({@code T-samples}): one frame
     * per sample (slices x frames), with the source's calibration and the provenance.
     */
    public static ImagePlus samplesFor(SegmentResult r, ImagePlus source) {
        if (r.samples().isEmpty())
            throw new IllegalArgumentException("the result has no samples");
        boolean wide = r.maxLabel() > 255;
        int d = (int) r.labels().dimension(2);
        ImageStack all = null;
        for (var s : r.samples()) {
            ImageStack one = stack(s, wide ? 16 : 8);
            if (all == null)
                all = new ImageStack(one.getWidth(), one.getHeight());
            for (int z = 1; z <= one.getSize(); z++)
                all.addSlice(one.getProcessor(z));
        }
        ImagePlus imp = new ImagePlus(ImagePlusAdapter.baseTitle(source.getTitle()) + "-samples", all);
        imp.setDimensions(1, d, r.samples().size());
        imp.setOpenAsHyperStack(r.samples().size() > 1 && d > 1);
        ImagePlusAdapter.calibrate(imp, ImagePlusAdapter.calibration(source));
        imp.getProcessor().setLut(distinctColours(wide ? 65536 : 256));
        imp.setDisplayRange(0, wide ? Math.max(255, r.maxLabel()) : 255);
        imp.setProp(PROVENANCE, r.provenance());
        imp.setProperty(LABELS, Boolean.TRUE);
        return imp;
    }

    /** Whether an image is a label image (made by {@link #labels}, or read back with its provenance). */
    public static boolean isLabels(ImagePlus imp) {
        return Boolean.TRUE.equals(imp.getProperty(LABELS)) || imp.getProp(PROVENANCE) != null;
    }

    public static ImagePlus probabilities(SegmentResult r, String title, Calibration cal) {
        ImagePlus imp = new ImagePlus(title + "-probabilities", stack(r.probabilities(), 32));
        ImagePlusAdapter.calibrate(imp, cal);
        imp.setDisplayRange(0, 1);
        return imp;
    }

    /** The labels of several frames as one hyperstack (1 channel, the frames' slices, the frames); no calibration set. */
    public static ImagePlus labels(List<SegmentResult> frames, String title, String provenance) {
        int max = frames.stream().mapToInt(SegmentResult::maxLabel).max().orElse(0);
        boolean wide = max > 255;
        ImagePlus imp = new ImagePlus(title + "-labels", frameStack(frames.stream().map(r -> (RandomAccessibleInterval<? extends RealType<?>>) r.labels()).toList(), wide ? 16 : 8));
        imp.setDimensions(1, (int) frames.get(0).labels().dimension(2), frames.size());
        if (frames.size() > 1)
            imp.setOpenAsHyperStack(true);
        imp.getProcessor().setLut(distinctColours(wide ? 65536 : 256));
        imp.setDisplayRange(0, wide ? Math.max(255, max) : 255);
        imp.setProp(PROVENANCE, provenance);
        return imp;
    }

    /** 32-bit frames (x, y, z each) as one hyperstack titled {@code title}, displayed over [0, 1]; no calibration set. */
    public static ImagePlus floats(List<? extends RandomAccessibleInterval<? extends RealType<?>>> frames, String title) {
        ImagePlus imp = new ImagePlus(title, frameStack(frames, 32));
        imp.setDimensions(1, (int) frames.get(0).dimension(2), frames.size());
        if (frames.size() > 1)
            imp.setOpenAsHyperStack(true);
        imp.setDisplayRange(0, 1);
        return imp;
    }

    private static ImageStack frameStack(List<? extends RandomAccessibleInterval<? extends RealType<?>>> frames, int bits) {
        ImageStack all = null;
        for (var f : frames) {
            ImageStack s = stack(f, bits);
            if (all == null)
                all = new ImageStack(s.getWidth(), s.getHeight());
            for (int i = 1; i <= s.getSize(); i++)
                all.addSlice(s.getProcessor(i));
        }
        return all;
    }

    static ImageStack stack(RandomAccessibleInterval<? extends RealType<?>> img, int bits) {
        int w = (int) img.dimension(0), h = (int) img.dimension(1), d = (int) img.dimension(2);
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            ImageProcessor ip = bits == 8 ? new ByteProcessor(w, h) : bits == 16 ? new ShortProcessor(w, h) : new FloatProcessor(w, h);
            Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(img, 2, z)).cursor();
            for (int i = 0; i < w * h; i++)
                ip.setf(i, c.next().getRealFloat());
            stack.addSlice(ip);
        }
        return stack;
    }

    /** A LUT where 0 is black and labels 1, 2, ... get well-separated hues (golden-angle steps). */
    public static LUT distinctColours(int size) {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (int i = 1; i < 256; i++) {
            float hue = (float) ((i * 0.618033988749895) % 1.0);
            float sat = i % 3 == 0 ? 0.65f : 0.9f, bri = i % 2 == 0 ? 1f : 0.8f;
            Color c = Color.getHSBColor(hue, sat, bri);
            r[i] = (byte) c.getRed();
            g[i] = (byte) c.getGreen();
            b[i] = (byte) c.getBlue();
        }
        return new LUT(r, g, b);
    }
}
