package org.condseg.model;

/**
 * How far a mask-refining model (task {@code refine}) may move a prior: {@code config.condseg.refine} of its
 * rdf.yaml. The reference is {@code Guard} and {@code refine()} in {@code training/refine_cgan.py}.
 * <ul>
 * <li>a pixel outside the current mask joins it only where the probability is above {@code addAbove};</li>
 * <li>a pixel of the current mask stays in it only where the probability is above {@code removeBelow}
 * (with both at the output threshold this is the plain decoder);</li>
 * <li>where the first pass's mask and the prior overlap with a Dice of at least {@code keepAbove}, the prior
 * is returned unchanged (the model would only nudge the boundary of a prior that is already good);
 * {@link Double#NaN} for never;</li>
 * <li>the refined mask is refined again, {@code passes} times in all, each pass's window and prior channel
 * following the previous pass's mask.</li>
 * </ul>
 *
 * <pre>{@code
 * config:
 *   condseg:
 *     task: refine
 *     refine: {add_above: 0.6, remove_below: 0.6, keep_above: 0.92, passes: 2}
 * }</pre>
 *
 * @param addAbove a pixel joins the mask where its probability is above this, in [0, 1]
 * @param removeBelow a pixel of the mask leaves it where its probability is at or below this, in [0, 1]
 * @param keepAbove the Dice between the first pass and the prior at or above which the prior is kept, in
 *        (0, 1], or NaN for never
 * @param passes how many times the model refines the object, 1 to {@link #MAX_PASSES}
 */
public record RefineGuard(double addAbove, double removeBelow, double keepAbove, int passes) {

    /** The most passes a model may ask for. */
    public static final int MAX_PASSES = 8;

    public RefineGuard {
        if (!(addAbove >= 0 && addAbove <= 1))
            throw new IllegalArgumentException("add_above " + addAbove + " is outside [0, 1]");
        if (!(removeBelow >= 0 && removeBelow <= 1))
            throw new IllegalArgumentException("remove_below " + removeBelow + " is outside [0, 1]");
        if (!Double.isNaN(keepAbove) && !(keepAbove > 0 && keepAbove <= 1))
            throw new IllegalArgumentException("keep_above " + keepAbove + " is outside (0, 1]");
        if (passes < 1 || passes > MAX_PASSES)
            throw new IllegalArgumentException("passes " + passes + " is not in 1.." + MAX_PASSES);
    }

    /** No guard: one pass, thresholded at the model's output threshold, never kept. */
    public static RefineGuard none(double threshold) {
        return new RefineGuard(threshold, threshold, Double.NaN, 1);
    }

    /** Whether a first pass that overlaps the prior with this Dice leaves the prior as it is. */
    public boolean keepsPrior(double dice) {
        return !Double.isNaN(keepAbove) && dice >= keepAbove;
    }
}
