package org.condseg.ij;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.condseg.model.Progress;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.refine.Refinement;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Refines a label image held as an ImagePlus (opened in ImageJ or read by {@link ImageFiles}) with the
 * image it labels and, where given, the model's probability map. The result is a label image like
 * {@link LabelImages#labels}: the labels' calibration (the image's, where the labels have none), their
 * world geometry for writing back to a medical format, and their provenance with the steps added.
 *
 * <pre>{@code
 * ImagePlus refined = LabelRefinement.refine(labels, image, null, Refinement.parse("fill-holes,graphcut"),
 *         Progress.NONE, () -> false);
 * }</pre>
 */
public final class LabelRefinement {

    private LabelRefinement() {
    }

    /**
     * @param image the image the labels are of, or {@code null} where no step reads it
     * @param probabilities the foreground probability (32-bit) on the same grid, or {@code null}
     * @throws InputException where an image has several channels or frames, or the grids differ
     */
    public static ImagePlus refine(ImagePlus labels, ImagePlus image, ImagePlus probabilities, Refinement steps,
            Progress progress, BooleanSupplier cancelled) throws InputException {
        Volume l = ImagePlusAdapter.toVolume(labels);
        Volume i = image == null ? null : ImagePlusAdapter.toVolume(image);
        Volume p = probabilities == null ? null : ImagePlusAdapter.toVolume(probabilities);
        checkGrid(l, i, image);
        checkGrid(l, p, probabilities);
        Calibration cal = l.calibration().calibrated() || i == null ? l.calibration() : i.calibration();
        Img<UnsignedShortType> refined = steps.apply(l.pixels(), cal, i == null ? null : i.pixels(), p == null ? null : p.pixels(),
                progress, cancelled);
        Object previous = labels.getProp(LabelImages.PROVENANCE);
        SegmentResult r = new SegmentResult(refined, null, steps.provenance(previous == null ? null : previous.toString()));
        ImagePlus out = LabelImages.labels(r, ImagePlusAdapter.baseTitle(labels.getTitle()).replaceFirst("-labels$", ""), cal);
        MedicalImages.carryReference(labels, out);
        if (MedicalImages.reference(out) == null && image != null)
            MedicalImages.carryReference(image, out);
        return out;
    }

    private static void checkGrid(Volume labels, Volume other, ImagePlus imp) throws InputException {
        if (other != null && !Arrays.equals(labels.pixels().dimensionsAsLongArray(), other.pixels().dimensionsAsLongArray()))
            throw new InputException(null, imp.getTitle() + " is " + size(other) + " voxels but the labels are " + size(labels)
                    + "; give images on the labels' grid");
    }

    private static String size(Volume v) {
        return v.width() + "×" + v.height() + "×" + v.depth();
    }
}
