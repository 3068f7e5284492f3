package org.condseg.batch;

/**
 * Progress of a batch as events; each front end adapts them once (a terminal line, a status bar, a log).
 * Calls come from the workers' threads, one at a time.
 *
 * <pre>{@code
 * BatchListener log = (r, done, total) -> System.err.println(done + "/" + total + " " + r.id() + " " + r.status().text());
 * }</pre>
 */
@FunctionalInterface
public interface BatchListener {

    BatchListener NONE = (result, done, total) -> { };

    /** {@code result} is the {@code done}-th of {@code total} cases to finish (skipped and failed ones count). */
    void finished(CaseResult result, int done, int total);
}
