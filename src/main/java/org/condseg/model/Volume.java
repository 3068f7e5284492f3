package org.condseg.model;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * One image as the core sees it: pixels indexed x, y, z from 0 (z has size 1 for a 2D image), the
 * calibration, and a name for messages and output titles.
 *
 * <pre>{@code
 * Volume v = new Volume(ArrayImgs.floats(64, 48, 1), Calibration.NONE, "sample");
 * }</pre>
 */
public record Volume(RandomAccessibleInterval<? extends RealType<?>> pixels, Calibration calibration, String name) {

    public Volume {
        if (pixels.numDimensions() != 3)
            throw new IllegalArgumentException("a volume has 3 dimensions (x, y, z), got " + pixels.numDimensions());
        for (int d = 0; d < 3; d++)
            if (pixels.min(d) != 0)
                throw new IllegalArgumentException("a volume starts at 0, dimension " + d + " starts at " + pixels.min(d));
    }

    public long width() {
        return pixels.dimension(0);
    }

    public long height() {
        return pixels.dimension(1);
    }

    public long depth() {
        return pixels.dimension(2);
    }
}
