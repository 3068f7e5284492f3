package org.condseg.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.condseg.batch.BatchListener;
import org.condseg.batch.CaseResult;

/**
 * A batch's progress on standard error: on a terminal one updating line with counts and the time left;
 * otherwise (a log file, a scheduler's output) one line per finished case.
 *
 * <pre>{@code
 * BatchListener l = new BatchProgress(err, System.console() != null);
 * }</pre>
 */
final class BatchProgress implements BatchListener {

    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int failed, skipped;

    BatchProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void finished(CaseResult r, int done, int total) {
        if (r.status() == CaseResult.Status.FAILED)
            failed++;
        if (r.status() == CaseResult.Status.SKIPPED)
            skipped++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        int worked = done - skipped;
        String eta = worked > 0 && done < total ? "ETA " + duration(elapsed / worked * (total - done)) : "";
        if (terminal) {
            int width = 30, filled = (int) ((long) width * done / total);
            err.printf(Locale.ROOT, "\r[%s%s] %d/%d, %d failed, %d skipped, %s %s   ", "#".repeat(filled),
                    " ".repeat(width - filled), done, total, failed, skipped, duration(elapsed), eta);
            if (done == total)
                err.println();
        } else {
            err.printf(Locale.ROOT, "condseg: [%d/%d] %s %s %.2f s%s %s%n", done, total, r.id(), r.status().text(), r.seconds(),
                    r.error().isEmpty() ? "" : " (" + r.error() + ")", eta);
        }
        err.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
