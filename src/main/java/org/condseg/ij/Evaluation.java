package org.condseg.ij;

import java.util.ArrayList;
import java.util.List;

import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.condseg.model.UsageException;

import ij.ImagePlus;
import ij.measure.ResultsTable;

/**
 * A predicted against a true label image, per label, as the command line's {@code evaluate} measures
 * it ({@link org.condseg.segment.Evaluation}): Dice, IoU, the 95th-percentile Hausdorff distance and
 * the average symmetric surface distance in calibrated units, and both volumes (mL where the unit is
 * mm). The calibration is the truth's, or the prediction's where the truth has none. A hyperstack is
 * measured per channel and frame (each its own volume), with Channel and Frame columns where there
 * are several.
 *
 * <pre>{@code
 * ResultsTable rt = Evaluation.table(WindowManager.getImage("scan-labels"), WindowManager.getImage("truth"));
 * }</pre>
 */
public final class Evaluation {

    private Evaluation() {
    }

    /** One label of one channel and frame (1-based). */
    public record Row(int channel, int frame, org.condseg.segment.Evaluation.Row scores) {
    }

    /** The figures of every label present in either image, per channel and frame, and the length unit. */
    public static List<Row> rows(ImagePlus prediction, ImagePlus truth) throws UsageException {
        if (prediction.getWidth() != truth.getWidth() || prediction.getHeight() != truth.getHeight()
                || prediction.getNChannels() != truth.getNChannels() || prediction.getNSlices() != truth.getNSlices()
                || prediction.getNFrames() != truth.getNFrames())
            throw new UsageException("prediction " + prediction.getTitle() + " (" + dims(prediction) + ") and truth "
                    + truth.getTitle() + " (" + dims(truth) + ") differ in size");
        if (prediction.getBitDepth() == 24 || truth.getBitDepth() == 24)
            throw new UsageException("label images are 8-, 16- or 32-bit, not RGB");
        Calibration cal = calibration(prediction, truth);
        List<Row> rows = new ArrayList<>();
        try {
            for (int t = 1; t <= truth.getNFrames(); t++)
                for (int c = 1; c <= truth.getNChannels(); c++)
                    for (var s : org.condseg.segment.Evaluation.perLabel(ImagePlusAdapter.toVolume(prediction, c, t).pixels(),
                            ImagePlusAdapter.toVolume(truth, c, t).pixels(), cal))
                        rows.add(new Row(c, t, s));
        } catch (InputException e) {
            throw new UsageException(e.oneLine()); // not reached: channel and frame are in range
        }
        return rows;
    }

    /** The truth's calibration, or the prediction's where the truth is in pixels. */
    public static Calibration calibration(ImagePlus prediction, ImagePlus truth) {
        Calibration t = ImagePlusAdapter.calibration(truth);
        return t.calibrated() ? t : ImagePlusAdapter.calibration(prediction);
    }

    /**
     * The rows as a results table: Label, Dice, IoU, {@code HD95 (U)}, {@code ASSD (U)} (U the length
     * unit), {@code Predicted volume (V)} and {@code True volume (V)} (V mL, or U^3), preceded by
     * Channel and Frame where the images have several.
     */
    public static ResultsTable table(ImagePlus prediction, ImagePlus truth) throws UsageException {
        List<Row> rows = rows(prediction, truth);
        String len = calibration(prediction, truth).unit();
        ResultsTable rt = new ResultsTable();
        rt.setPrecision(4);
        for (Row r : rows) {
            var s = r.scores();
            rt.incrementCounter();
            if (truth.getNChannels() > 1)
                rt.addValue("Channel", r.channel());
            if (truth.getNFrames() > 1)
                rt.addValue("Frame", r.frame());
            rt.addValue("Label", s.label());
            rt.addValue("Dice", s.dice());
            rt.addValue("IoU", s.iou());
            rt.addValue("HD95 (" + len + ")", s.hd95());
            rt.addValue("ASSD (" + len + ")", s.assd());
            rt.addValue("Predicted volume (" + s.volumeUnit() + ")", s.predictedVolume());
            rt.addValue("True volume (" + s.volumeUnit() + ")", s.truthVolume());
        }
        return rt;
    }

    private static String dims(ImagePlus imp) {
        return imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getNChannels() + "c" + imp.getNSlices() + "z"
                + imp.getNFrames() + "t";
    }
}
