package org.condseg.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Dice and IoU per label between a predicted and a true label image on the same grid (labels are the
 * voxel values rounded; 0 is background). A label present in only one image scores 0.
 *
 * <pre>{@code
 * for (LabelOverlap.Score s : LabelOverlap.perLabel(prediction, truth))
 *     System.out.println(s.label() + " " + s.dice() + " " + s.iou());
 * }</pre>
 */
public final class LabelOverlap {

    private LabelOverlap() {
    }

    /**
     * The overlap of one label.
     *
     * @param predicted voxels carrying the label in the prediction
     * @param truth voxels carrying it in the truth
     * @param both voxels carrying it in both
     */
    public record Score(int label, long predicted, long truth, long both) {
        public double dice() {
            return predicted + truth == 0 ? 1 : 2.0 * both / (predicted + truth);
        }

        public double iou() {
            long union = predicted + truth - both;
            return union == 0 ? 1 : (double) both / union;
        }
    }

    /** One score per label present in either image, in label order. */
    public static List<Score> perLabel(RandomAccessibleInterval<? extends RealType<?>> prediction,
            RandomAccessibleInterval<? extends RealType<?>> truth) {
        if (!Arrays.equals(prediction.dimensionsAsLongArray(), truth.dimensionsAsLongArray()))
            throw new IllegalArgumentException("grids differ: prediction " + Arrays.toString(prediction.dimensionsAsLongArray())
                    + ", truth " + Arrays.toString(truth.dimensionsAsLongArray()));
        TreeMap<Integer, long[]> counts = new TreeMap<>();
        Cursor<? extends RealType<?>> p = Views.flatIterable(prediction).cursor(), t = Views.flatIterable(truth).cursor();
        while (p.hasNext()) {
            int a = (int) Math.round(p.next().getRealDouble()), b = (int) Math.round(t.next().getRealDouble());
            if (a != 0)
                counts.computeIfAbsent(a, k -> new long[3])[0]++;
            if (b != 0)
                counts.computeIfAbsent(b, k -> new long[3])[1]++;
            if (a != 0 && a == b)
                counts.get(a)[2]++;
        }
        List<Score> out = new ArrayList<>();
        counts.forEach((label, c) -> out.add(new Score(label, c[0], c[1], c[2])));
        return out;
    }
}
