package org.condseg.refine;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * What a step may use besides the labels: the image's intensities and the model's foreground
 * probability on the same grid (flat, {@code x + w (y + h z)}; either may be {@code null}), and the
 * cancel flag.
 *
 * <pre>{@code
 * RefineContext ctx = new RefineContext(intensities, null, () -> false);
 * }</pre>
 */
record RefineContext(float[] image, float[] probabilities, BooleanSupplier cancelled) {

    static final RefineContext NONE = new RefineContext(null, null, () -> false);

    void checkCancelled() {
        if (cancelled.getAsBoolean())
            throw new CancellationException("refinement cancelled");
    }
}
