package org.condseg.segment;

import java.util.ArrayList;
import java.util.List;

import org.condseg.model.Calibration;
import org.condseg.refine.SurfaceDistances;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Compares a label image with a truth on the same grid, per label: Dice, IoU, the 95th-percentile
 * Hausdorff distance and the average symmetric surface distance in calibrated units, and the volumes
 * (voxels × voxel volume; in mL where the unit is mm).
 *
 * <pre>{@code
 * List<Evaluation.Row> rows = Evaluation.perLabel(prediction, truth, calibration);
 * }</pre>
 */
public final class Evaluation {

    private Evaluation() {
    }

    /** One label's figures; distances NaN where either side lacks the label. */
    public record Row(int label, double dice, double iou, double hd95, double assd, double predictedVolume,
            double truthVolume, String volumeUnit) {
    }

    public static List<Row> perLabel(RandomAccessibleInterval<? extends RealType<?>> prediction,
            RandomAccessibleInterval<? extends RealType<?>> truth, Calibration cal) {
        int w = (int) prediction.dimension(0), h = (int) prediction.dimension(1),
                d = prediction.numDimensions() > 2 ? (int) prediction.dimension(2) : 1;
        boolean ml = cal.unit().equals("mm");
        double voxel = cal.voxelVolume() / (ml ? 1000 : 1);
        String unit = ml ? "mL" : cal.unit() + "^3";
        List<Row> rows = new ArrayList<>();
        for (LabelOverlap.Score s : LabelOverlap.perLabel(prediction, truth)) {
            SurfaceDistances sd = SurfaceDistances.between(mask(prediction, s.label()), mask(truth, s.label()), w, h, d,
                    cal.spacing());
            rows.add(new Row(s.label(), s.dice(), s.iou(), sd.hd95(), sd.assd(), s.predicted() * voxel, s.truth() * voxel, unit));
        }
        return rows;
    }

    private static boolean[] mask(RandomAccessibleInterval<? extends RealType<?>> img, int label) {
        boolean[] m = new boolean[(int) Views.iterable(img).size()];
        Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
        for (int i = 0; i < m.length; i++)
            m[i] = Math.round(c.next().getRealDouble()) == label;
        return m;
    }
}
