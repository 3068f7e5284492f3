package org.condseg.cli;

import java.io.PrintWriter;

import org.condseg.model.Progress;

/**
 * Progress on the terminal's standard error, one updating line, only where it is a terminal.
 *
 * <pre>{@code
 * Progress p = ProgressLine.to(err);
 * }</pre>
 */
final class ProgressLine {

    private ProgressLine() {
    }

    static Progress to(PrintWriter err) {
        if (System.console() == null)
            return Progress.NONE;
        return (stage, done, total) -> {
            err.printf("\r%s %d/%d", stage, done, total);
            if (done == total)
                err.println();
            err.flush();
        };
    }
}
