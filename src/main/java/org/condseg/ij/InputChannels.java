package org.condseg.ij;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.io.medical.Geometry;
import org.condseg.model.InputException;
import org.condseg.model.Volume;

import ij.ImagePlus;

/**
 * The further channels of a multi-modal input given as separate images (T2 beside T1, CT at a second
 * window): each must lie on the first image's grid, same width, height and slices, the same voxel
 * spacing (to 0.1%) and, where both were read from medical files, the same place in the world (their
 * affines equal to 1e-3 mm and 1e-4 in direction); otherwise an {@link InputException} names the image
 * and the difference. Resample one onto the other first. Open images given as the channels (ImageJ's
 * {@code channels=[t1,t2]}) are checked alike by {@link #checkImages}, and must each hold one channel
 * and as many frames as the first.
 *
 * <pre>{@code
 * List<Volume> more = InputChannels.more(t1, List.of(t2), List.of(Path.of("t2.nii.gz")));
 * SegmentRequest r = new SegmentRequest(ImagePlusAdapter.toVolume(t1), Prompts.NONE, options, more);
 * }</pre>
 */
public final class InputChannels {

    private InputChannels() {
    }

    public static List<Volume> more(ImagePlus first, List<ImagePlus> others, List<Path> files) throws InputException {
        List<Volume> out = new ArrayList<>();
        for (int k = 0; k < others.size(); k++) {
            sameGrid(first, others.get(k), files.get(k));
            out.add(ImagePlusAdapter.toVolume(others.get(k)));
        }
        return out;
    }

    /**
     * Checks open images given as the channels of one input ({@code channels=[t1,t2]} in ImageJ): each
     * holds one channel, as many frames as the first, and lies on the first's grid as {@link #more} requires.
     */
    public static void checkImages(List<ImagePlus> images) throws InputException {
        ImagePlus first = images.get(0);
        for (ImagePlus o : images) {
            if (o.getNChannels() != 1)
                throw new InputException(null, o.getTitle() + " has " + o.getNChannels() + " channels; each image given as a channel "
                        + "of the input must have one (split it with Image › Color › Split Channels)");
            if (o.getNFrames() != first.getNFrames())
                throw new InputException(null, o.getTitle() + " has " + o.getNFrames() + " frame(s) but the first image ("
                        + first.getTitle() + ") has " + first.getNFrames() + "; the channels of one input share its frames");
            if (o != first)
                sameGrid(first, o, null);
        }
    }

    /** {@code other} on {@code first}'s grid, else an exception naming {@code file} (or, without a file, the image's title). */
    private static void sameGrid(ImagePlus first, ImagePlus o, Path file) throws InputException {
        String who = file == null ? o.getTitle() + " " : "", reference = file == null ? "the first image (" + first.getTitle() + ")"
                : "the first input";
        if (o.getWidth() != first.getWidth() || o.getHeight() != first.getHeight() || o.getNSlices() != first.getNSlices())
            throw new InputException(file, who + "is " + size(o) + " voxels but " + reference + " is " + size(first)
                    + "; the channels of one input share its grid");
        double[] a = ImagePlusAdapter.calibration(first).spacing(), b = ImagePlusAdapter.calibration(o).spacing();
        for (int d = 0; d < 3; d++)
            if (Math.abs(a[d] - b[d]) > 1e-3 * Math.max(Math.abs(a[d]), Math.abs(b[d])))
                throw new InputException(file, who + "has voxels of " + b[0] + " × " + b[1] + " × " + b[2] + " but " + reference + " "
                        + a[0] + " × " + a[1] + " × " + a[2] + "; resample it onto the first input's grid");
        MedicalImages.Reference ra = MedicalImages.reference(first), rb = MedicalImages.reference(o);
        if (ra != null && rb != null && ra.geometry() != null && rb.geometry() != null && !same(ra.geometry(), rb.geometry()))
            throw new InputException(file, who + "lies elsewhere in the world than " + reference + " (its affine " + rb.geometry()
                    + " differs from " + ra.geometry() + "); resample it onto the first input's grid");
    }

    private static boolean same(Geometry a, Geometry b) {
        double[][] x = a.affine(), y = b.affine();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                if (Math.abs(x[i][j] - y[i][j]) > (j == 3 ? 1e-3 : 1e-4 * (1 + Math.abs(x[i][j]))))
                    return false;
        return true;
    }

    private static String size(ImagePlus imp) {
        return imp.getWidth() + "×" + imp.getHeight() + "×" + imp.getNSlices();
    }
}
