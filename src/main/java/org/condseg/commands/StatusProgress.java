package org.condseg.commands;

import org.condseg.model.Progress;
import org.scijava.app.StatusService;

/**
 * The core's progress events through SciJava's {@link StatusService} (Fiji's status bar; nothing where
 * the context has no such service): the one adapter of the SciJava commands.
 *
 * <pre>{@code
 * Progress p = StatusProgress.of(statusService); // statusService may be null
 * }</pre>
 */
final class StatusProgress implements Progress {

    private final StatusService status;

    private StatusProgress(StatusService status) {
        this.status = status;
    }

    static Progress of(StatusService status) {
        return status == null ? Progress.NONE : new StatusProgress(status);
    }

    @Override
    public void update(String stage, long done, long total) {
        status.showStatus((int) Math.min(done, Integer.MAX_VALUE), (int) Math.min(total, Integer.MAX_VALUE), "CondSeg: " + stage);
    }
}
