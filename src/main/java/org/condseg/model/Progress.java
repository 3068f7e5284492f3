package org.condseg.model;

/**
 * Progress events from the core; each front end adapts them once (status bar, progress bar, log).
 *
 * <pre>{@code
 * Progress log = (stage, done, total) -> System.err.println(stage + " " + done + "/" + total);
 * }</pre>
 */
@FunctionalInterface
public interface Progress {

    Progress NONE = (stage, done, total) -> { };

    /** {@code done} of {@code total} steps of {@code stage} are finished. */
    void update(String stage, long done, long total);
}
