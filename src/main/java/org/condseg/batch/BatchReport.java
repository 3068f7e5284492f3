package org.condseg.batch;

import java.util.List;

/**
 * The results of a batch, in the order of its cases, and the exit code they make: 0 when every case
 * finished (done now or skipped as done before), 130 when cancelled, 3 when some cases failed on their
 * input or prompts (the rest finished), 5 when some failed while running.
 *
 * <pre>{@code
 * BatchReport report = BatchRun.run(cases, runner::run, 4, BatchListener.NONE, new CancelFlag());
 * System.exit(report.exitCode());
 * }</pre>
 */
public record BatchReport(List<CaseResult> results) {

    public BatchReport {
        results = List.copyOf(results);
    }

    public long count(CaseResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    public int exitCode() {
        if (count(CaseResult.Status.CANCELLED) > 0)
            return 130;
        if (results.stream().anyMatch(r -> r.status() == CaseResult.Status.FAILED && r.exitCode() == 5))
            return 5;
        return count(CaseResult.Status.FAILED) > 0 ? 3 : 0;
    }
}
