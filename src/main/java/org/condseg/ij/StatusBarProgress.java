package org.condseg.ij;

import org.condseg.model.Progress;

import ij.IJ;

/**
 * The core's progress events in ImageJ's status bar and progress bar: the one adapter every ImageJ
 * front end uses.
 *
 * <pre>{@code
 * segmenter.segment(request, new StatusBarProgress("CondSeg"), IJ::escapePressed);
 * }</pre>
 */
public final class StatusBarProgress implements Progress {

    private final String prefix;

    public StatusBarProgress(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void update(String stage, long done, long total) {
        IJ.showStatus(prefix + ": " + stage + " " + done + "/" + total + " (Esc cancels)");
        IJ.showProgress(total <= 0 ? 1 : (double) done / total);
    }

    /** Clears the status and progress bars. */
    public void done(String message) {
        IJ.showProgress(1.0);
        IJ.showStatus(message == null ? "" : prefix + ": " + message);
    }
}
