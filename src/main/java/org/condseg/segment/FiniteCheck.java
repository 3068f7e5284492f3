package org.condseg.segment;

import org.condseg.model.InputException;
import org.condseg.model.Volume;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Refuses images holding NaN or infinite values before anything runs: a network turns them into NaN
 * probabilities, which thresholding would silently make background. Integer images are not scanned.
 *
 * <pre>{@code
 * FiniteCheck.check(request.image()); // InputException naming the count and the first voxel
 * }</pre>
 */
final class FiniteCheck {

    private FiniteCheck() {
    }

    static void check(Volume v) throws InputException {
        if (Views.iterable(v.pixels()).firstElement() instanceof IntegerType)
            return;
        long bad = 0;
        String first = null;
        Cursor<? extends RealType<?>> c = Views.flatIterable(v.pixels()).localizingCursor();
        while (c.hasNext()) {
            double d = c.next().getRealDouble();
            if (!Double.isFinite(d) && bad++ == 0)
                first = c.getLongPosition(0) + "," + c.getLongPosition(1) + "," + c.getLongPosition(2) + " (" + d + ")";
        }
        if (bad > 0)
            throw new InputException(null, "image " + v.name() + " holds " + bad + " NaN or infinite voxel(s), first at "
                    + first + "; replace them with a finite value (e.g. the background's) before segmenting");
    }
}
