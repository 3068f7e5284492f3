package org.condseg.segment;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Overlap measures between a prediction and a truth on the same grid.
 *
 * <pre>{@code
 * double d = Metrics.dice(prediction, truth); // foreground = non-zero
 * }</pre>
 */
public final class Metrics {

    private Metrics() {
    }

    /** Dice of the non-zero voxels of a and b (1 where both are empty). */
    public static double dice(RandomAccessibleInterval<? extends RealType<?>> a, RandomAccessibleInterval<? extends RealType<?>> b) {
        for (int d = 0; d < a.numDimensions(); d++)
            if (a.dimension(d) != b.dimension(d))
                throw new IllegalArgumentException("grids differ: " + java.util.Arrays.toString(a.dimensionsAsLongArray())
                        + " and " + java.util.Arrays.toString(b.dimensionsAsLongArray()));
        Cursor<? extends RealType<?>> ca = Views.flatIterable(a).cursor(), cb = Views.flatIterable(b).cursor();
        long both = 0, na = 0, nb = 0;
        while (ca.hasNext()) {
            boolean x = ca.next().getRealDouble() != 0, y = cb.next().getRealDouble() != 0;
            if (x) na++;
            if (y) nb++;
            if (x && y) both++;
        }
        return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
    }
}
