package org.condseg.model;

import java.util.function.BooleanSupplier;

/**
 * A cancel request, set from any thread (Esc in ImageJ, Ctrl-C on the command line) and checked by
 * the core between tiles and slices.
 *
 * <pre>{@code
 * CancelFlag cancel = new CancelFlag();
 * cancel.cancel(); // from another thread
 * }</pre>
 */
public final class CancelFlag implements BooleanSupplier {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean getAsBoolean() {
        return cancelled;
    }

    public boolean cancelled() {
        return cancelled;
    }
}
