package org.condseg.ij;

import java.awt.Color;
import java.util.List;

import org.condseg.io.image.ImageVolumes;
import org.condseg.io.image.OutputImage;
import org.condseg.io.image.Placement;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.condseg.model.SegmentResult;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.LUT;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Label and probability images as ImagePlus: {@code T-labels} (8-bit, or 16-bit over 255 labels, with
 * a distinct-colours LUT), {@code T-probabilities} (32-bit), both with the input's calibration; the
 * label image carries the provenance JSON in its property {@code condseg.provenance}. Several frames
 * (one result per frame) make a hyperstack of one channel, the frames' slices and the frames.
 *
 * <pre>{@code
 * ImagePlus labels = LabelImages.labels(result, "scan", cal);
 * ImagePlus shown = LabelImages.toImagePlus(ImageVolumes.labels(result, placement));
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
        return toImagePlus(ImageVolumes.labels(r, new Placement(title, cal, null, null)));
    }

    /**
     * The sampled label images of a generative model for {@code source} ({@code T-samples}): one frame
     * per sample (slices x frames), with the source's calibration, place in the world and the provenance.
     */
    public static ImagePlus samplesFor(SegmentResult r, ImagePlus source) {
        return toImagePlus(ImageVolumes.samples(r, MedicalImages.placement(source)));
    }

    /**
     * An output image as ImagePlus, as the workspace shows it and ImageJ saves it: label images with the
     * distinct-colours LUT, displayed over [0, 255] (or up to their largest label past 255), the provenance
     * in {@value #PROVENANCE} and marked {@value #LABELS}; probabilities and uncertainty displayed over
     * [0, 1]; sampled masks one frame per sample; any other image as {@link MedicalImages#toImagePlus} makes it.
     * A medical input's geometry and header go with it ({@link MedicalImages#REFERENCE}).
     */
    public static ImagePlus toImagePlus(OutputImage out) {
        if (out.role() == OutputImage.Role.IMAGE)
            return MedicalImages.toImagePlus(out.image(), out.title());
        Voxels v = out.image().voxels();
        ImageStack stack = new ImageStack(v.width(), v.height());
        for (Object plane : v.planes())
            stack.addSlice(null, plane);
        ImagePlus imp = new ImagePlus(out.title(), stack);
        switch (out.role()) {
            case LABELS, SAMPLES -> {
                boolean wide = v.type() == VoxelType.UINT16;
                imp.setDimensions(1, v.slices(), v.frames());
                if (out.role() == OutputImage.Role.SAMPLES)
                    imp.setOpenAsHyperStack(v.frames() > 1 && v.slices() > 1);
                ImagePlusAdapter.calibrate(imp, out.image().calibration());
                imp.getProcessor().setLut(distinctColours(wide ? 65536 : 256));
                imp.setDisplayRange(0, wide ? Math.max(255, out.maxLabel()) : 255);
                imp.setProp(PROVENANCE, out.provenance());
                imp.setProperty(LABELS, Boolean.TRUE);
            }
            case PROBABILITIES, UNCERTAINTY -> {
                ImagePlusAdapter.calibrate(imp, out.image().calibration());
                imp.setDisplayRange(0, 1);
            }
        }
        if (out.image().geometry() != null || out.image().header() != null)
            imp.setProperty(MedicalImages.REFERENCE, new MedicalImages.Reference(v.width(), v.height(), v.slices(),
                    out.image().geometry(), out.image().header()));
        return imp;
    }

    /** Whether an image is a label image (made by {@link #labels}, or read back with its provenance). */
    public static boolean isLabels(ImagePlus imp) {
        return Boolean.TRUE.equals(imp.getProperty(LABELS)) || imp.getProp(PROVENANCE) != null;
    }

    public static ImagePlus probabilities(SegmentResult r, String title, Calibration cal) {
        return toImagePlus(ImageVolumes.probabilities(r, new Placement(title, cal, null, null)));
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
        ImageStack stack = new ImageStack((int) img.dimension(0), (int) img.dimension(1));
        for (Object plane : ImageVolumes.planes(img, bits == 8 ? VoxelType.UINT8 : bits == 16 ? VoxelType.UINT16 : VoxelType.FLOAT32))
            stack.addSlice(null, plane);
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
