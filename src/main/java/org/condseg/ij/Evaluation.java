package org.condseg.ij;

import java.util.List;

import org.condseg.model.UsageException;
import org.condseg.segment.LabelOverlap;

import ij.ImagePlus;
import ij.measure.ResultsTable;

/**
 * Dice and IoU per label of a predicted against a true label image (any stack or hyperstack of the
 * same dimensions), as a results table with the voxel counts.
 *
 * <pre>{@code
 * ResultsTable rt = Evaluation.table(WindowManager.getImage("scan-labels"), WindowManager.getImage("truth"));
 * }</pre>
 */
public final class Evaluation {

    private Evaluation() {
    }

    public static List<LabelOverlap.Score> scores(ImagePlus prediction, ImagePlus truth) throws UsageException {
        if (prediction.getWidth() != truth.getWidth() || prediction.getHeight() != truth.getHeight()
                || prediction.getStackSize() != truth.getStackSize())
            throw new UsageException("prediction " + prediction.getTitle() + " (" + dims(prediction) + ") and truth "
                    + truth.getTitle() + " (" + dims(truth) + ") differ in size");
        if (prediction.getBitDepth() == 24 || truth.getBitDepth() == 24)
            throw new UsageException("label images are 8-, 16- or 32-bit, not RGB");
        return LabelOverlap.perLabel(ImagePlusAdapter.wrap(prediction.getStack(), prediction.getWidth(), prediction.getHeight()),
                ImagePlusAdapter.wrap(truth.getStack(), truth.getWidth(), truth.getHeight()));
    }

    public static ResultsTable table(ImagePlus prediction, ImagePlus truth) throws UsageException {
        ResultsTable rt = new ResultsTable();
        for (LabelOverlap.Score s : scores(prediction, truth)) {
            rt.incrementCounter();
            rt.addValue("Label", s.label());
            rt.addValue("Dice", s.dice());
            rt.addValue("IoU", s.iou());
            rt.addValue("Predicted voxels", s.predicted());
            rt.addValue("True voxels", s.truth());
        }
        return rt;
    }

    private static String dims(ImagePlus imp) {
        return imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize();
    }
}
