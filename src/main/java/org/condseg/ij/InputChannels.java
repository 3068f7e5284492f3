package org.condseg.ij;

import java.util.List;

import org.condseg.io.image.Grid;
import org.condseg.model.InputException;

import ij.ImagePlus;

/**
 * Open images given as the channels of one input in ImageJ ({@code channels=[t1,t2]}): each must hold
 * one channel, as many frames as the first, and lie on the first image's grid ({@link Grid#checkSame}:
 * same width, height and slices, the same voxel spacing to 0.1 % and, where both were read from medical
 * files, the same place in the world); otherwise an {@link InputException} names the image and the
 * difference. Files given as channels on the command line are checked by
 * {@link org.condseg.io.image.ImageVolumes#moreChannels}.
 *
 * <pre>{@code
 * InputChannels.checkImages(List.of(t1, t2));
 * }</pre>
 */
public final class InputChannels {

    private InputChannels() {
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
                sameGrid(first, o);
        }
    }

    /** {@code other} on {@code first}'s grid, else an exception naming the image by its title. */
    private static void sameGrid(ImagePlus first, ImagePlus o) throws InputException {
        grid(first).checkSame(grid(o), null, o.getTitle() + " ", "the first image (" + first.getTitle() + ")");
    }

    private static Grid grid(ImagePlus imp) {
        MedicalImages.Reference r = MedicalImages.reference(imp);
        return new Grid(imp.getWidth(), imp.getHeight(), imp.getNSlices(), ImagePlusAdapter.calibration(imp).spacing(),
                r == null ? null : r.geometry());
    }
}
