package org.condseg.evaluate;

import java.util.Optional;

import org.condseg.model.Click;

/**
 * The simulated user's next click: at the interior-most pixel of the largest error region (4-connected),
 * positive where the region is missed truth, negative where it is a leak; a miss wins a tie.
 *
 * <pre>{@code
 * Optional<Click> c = NextClick.after(truth, prediction, 0); // empty where the prediction is the truth
 * }</pre>
 */
public final class NextClick {

    private NextClick() {
    }

    /** The first click: the truth's interior-most pixel, positive, on slice {@code z}. */
    public static Click first(PlaneMask truth, long z) {
        int[] p = truth.interiorPoint();
        return Click.positive(p[0], p[1], z);
    }

    /** The next click on slice {@code z}, or empty where nothing is wrong. */
    public static Optional<Click> after(PlaneMask truth, PlaneMask prediction, long z) {
        PlaneMask missed = truth.minus(prediction).largestComponent();
        PlaneMask leaked = prediction.minus(truth).largestComponent();
        long m = missed == null ? 0 : missed.area(), l = leaked == null ? 0 : leaked.area();
        if (m == 0 && l == 0)
            return Optional.empty();
        boolean positive = m >= l;
        int[] p = (positive ? missed : leaked).interiorPoint();
        return Optional.of(new Click(p[0], p[1], z, positive));
    }
}
