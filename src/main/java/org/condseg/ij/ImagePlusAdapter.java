package org.condseg.ij;

import java.util.ArrayList;
import java.util.List;

import org.condseg.io.image.ImageFormats;
import org.condseg.io.image.ImageVolumes;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.condseg.model.Volume;

import ij.ImagePlus;
import ij.ImageStack;
import net.imglib2.RandomAccessibleInterval;

/**
 * ImagePlus to the core's {@link Volume} and back. Grey 8-, 16- and 32-bit stacks are wrapped without
 * copying (ImageJ's planes become imglib2 planes); RGB is converted to grey. A hyperstack gives one
 * volume per channel and frame ({@link #toVolume(ImagePlus, int, int)}).
 *
 * <pre>{@code
 * Volume v = ImagePlusAdapter.toVolume(IJ.getImage());
 * Volume v2 = ImagePlusAdapter.toVolume(hyperstack, 2, 5); // channel 2, frame 5 (1-based)
 * }</pre>
 */
public final class ImagePlusAdapter {

    private ImagePlusAdapter() {
    }

    public static Volume toVolume(ImagePlus imp) throws InputException {
        if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
            throw new InputException(null, imp.getTitle() + " has " + imp.getNChannels() + " channels and "
                    + imp.getNFrames() + " frames; give one channel and one frame");
        return new Volume(wrap(imp.getStack(), imp.getWidth(), imp.getHeight()), calibration(imp), baseTitle(imp.getTitle()));
    }

    /** The z-stack of one channel and one frame (1-based) of a hyperstack, sharing its pixels (a virtual stack's planes are read). */
    public static Volume toVolume(ImagePlus imp, int channel, int frame) throws InputException {
        if (channel < 1 || channel > imp.getNChannels() || frame < 1 || frame > imp.getNFrames())
            throw new InputException(null, imp.getTitle() + " has " + imp.getNChannels() + " channels and "
                    + imp.getNFrames() + " frames; channel " + channel + ", frame " + frame + " do not exist");
        int[] indices = new int[imp.getNSlices()];
        for (int z = 0; z < indices.length; z++)
            indices[z] = imp.getStackIndex(channel, z + 1, frame);
        return new Volume(wrap(imp.getStack(), indices, imp.getWidth(), imp.getHeight()), calibration(imp), baseTitle(imp.getTitle()));
    }

    /** The stack as an imglib2 image x, y, z sharing ImageJ's pixel arrays. */
    static RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> wrap(ImageStack stack, int w, int h) {
        int[] all = new int[stack.getSize()];
        for (int i = 0; i < all.length; i++)
            all[i] = i + 1;
        return wrap(stack, all, w, h);
    }

    /**
     * The planes {@code indices} (1-based) of the stack as an imglib2 image x, y, z sharing their pixel arrays
     * ({@link ImageVolumes#wrap}); RGB planes are converted to grey by ImageJ (honouring its weighted-conversion setting).
     */
    static RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> wrap(ImageStack stack, int[] indices, int w, int h) {
        List<Object> planes = new ArrayList<>(indices.length);
        for (int i : indices) {
            Object p = stack.getPixels(i);
            planes.add(p instanceof int[] ? stack.getProcessor(i).convertToFloatProcessor().getPixels() : p);
        }
        return ImageVolumes.wrap(planes, w, h);
    }

    /**
     * The calibration of an ImagePlus. ImageJ keeps its origin in pixels (calibrated x is
     * {@code (x - xOrigin) * pixelWidth}); the core's origin is the calibrated position of voxel 0,
     * {@code -xOrigin * pixelWidth}. The frame interval and its time unit are ImageJ's
     * {@code frameInterval} and {@code getTimeUnit()}.
     */
    public static Calibration calibration(ImagePlus imp) {
        ij.measure.Calibration c = imp.getCalibration();
        double[] spacing = {positive(c.pixelWidth), positive(c.pixelHeight), positive(c.pixelDepth)};
        double interval = c.frameInterval > 0 && Double.isFinite(c.frameInterval) ? c.frameInterval : 0;
        return new Calibration(spacing, c.getUnit() == null || c.getUnit().equals(" ") ? "pixel" : c.getUnit(),
                new double[] {0.0 - c.xOrigin * spacing[0], 0.0 - c.yOrigin * spacing[1], 0.0 - c.zOrigin * spacing[2]},
                interval, c.getTimeUnit());
    }

    /** Applies a calibration to an ImagePlus (the origin converted to ImageJ's pixel origin, the frame interval kept). */
    public static void calibrate(ImagePlus imp, Calibration cal) {
        ij.measure.Calibration c = new ij.measure.Calibration(imp);
        double[] s = cal.spacing(), o = cal.origin();
        c.pixelWidth = s[0];
        c.pixelHeight = s[1];
        c.pixelDepth = s[2];
        c.xOrigin = o[0] == 0 ? 0 : -o[0] / s[0];
        c.yOrigin = o[1] == 0 ? 0 : -o[1] / s[1];
        c.zOrigin = o[2] == 0 ? 0 : -o[2] / s[2];
        c.setUnit(cal.unit());
        c.frameInterval = cal.frameInterval();
        c.setTimeUnit(cal.timeUnit());
        imp.setCalibration(c);
    }

    /** The title without its extension ("scan.nii.gz" → "scan"). */
    public static String baseTitle(String title) {
        return ImageFormats.baseTitle(title);
    }

    private static double positive(double v) {
        return v > 0 && Double.isFinite(v) ? v : 1;
    }
}
