package org.condseg.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * One object of a truth label image: each non-zero label value is one object (its pixels need not be
 * connected). On a stack, the object is taken on the slice where it has the most pixels (the first such
 * slice on ties), as the interactive protocol prompts one 2D slice.
 *
 * <pre>{@code
 * for (LabelledObject o : LabelledObject.all(truth.pixels()))
 *     System.out.println(o.label() + " on slice " + o.slice() + ": " + o.truth().area() + " px");
 * }</pre>
 *
 * @param label the object's value in the label image
 * @param slice the slice (z) it is evaluated on
 * @param truth its pixels on that slice, on the whole slice's grid
 */
public record LabelledObject(int label, long slice, PlaneMask truth) {

    /**
     * The objects of a label image (x, y, z) in label order; an IllegalArgumentException naming a value that is
     * negative, not a whole number, or above 65535.
     */
    public static List<LabelledObject> all(RandomAccessibleInterval<? extends RealType<?>> labels) {
        if (labels.numDimensions() != 3)
            throw new IllegalArgumentException("a label image has 3 dimensions (x, y, z), got " + labels.numDimensions());
        int depth = Math.toIntExact(labels.dimension(2));
        Map<Integer, long[]> perSlice = new TreeMap<>();
        Cursor<? extends RealType<?>> c = Views.flatIterable(labels).cursor();
        while (c.hasNext()) {
            double v = c.next().getRealDouble();
            if (v == 0)
                continue;
            if (!(v > 0 && v <= 65535 && v == Math.rint(v)))
                throw new IllegalArgumentException("label value " + v + " is not a whole number from 1 to 65535");
            perSlice.computeIfAbsent((int) v, k -> new long[depth])[(int) (c.getLongPosition(2) - labels.min(2))]++;
        }
        List<LabelledObject> out = new ArrayList<>();
        perSlice.forEach((label, counts) -> {
            int best = 0;
            for (int z = 1; z < depth; z++)
                if (counts[z] > counts[best])
                    best = z;
            long z = labels.min(2) + best;
            out.add(new LabelledObject(label, best, PlaneMask.of(Views.hyperSlice(labels, 2, z), label)));
        });
        return out;
    }
}
