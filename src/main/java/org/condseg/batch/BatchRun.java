package org.condseg.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.condseg.runtime.EngineThreads;

/**
 * Runs the cases of a batch on {@code jobs} workers sharing one network (whose calls the engine
 * serialises; the workers overlap reading, pre- and post-processing and writing). A case that ran out
 * of memory beside others is retried alone at the end. Cancelling stops the cases in flight between
 * tiles and starts no new ones; nothing is left half written.
 *
 * <pre>{@code
 * BatchReport report = BatchRun.run(cases, runner::run, 4, listener, cancel);
 * }</pre>
 */
public final class BatchRun {

    /** The per-case function: a {@link CaseRunner}, or any function with its contract. */
    @FunctionalInterface
    public interface CaseFunction {
        CaseResult run(BatchCase c, BooleanSupplier cancelled);
    }

    private BatchRun() {
    }

    public static BatchReport run(List<BatchCase> cases, CaseFunction function, int jobs, BatchListener listener,
            BooleanSupplier cancelled) {
        if (jobs < 1)
            throw new IllegalArgumentException("jobs " + jobs + " is below 1");
        int total = cases.size();
        CaseResult[] results = new CaseResult[total];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, Math.max(1, total)), r -> {
            Thread t = EngineThreads.newThread(r, "batch"); // its engine calls run in place (EngineThreads)
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                final int k = i;
                futures.add(pool.submit(() -> {
                    CaseResult r;
                    try {
                        r = function.run(cases.get(k), cancelled);
                    } catch (RuntimeException | Error e) {
                        r = CaseResult.failed(cases.get(k).id(), cases.get(k).input() + ": " + e, 5, 0);
                    }
                    results[k] = r;
                    if (!(jobs > 1 && outOfMemory(r)))
                        report(listener, r, done.incrementAndGet(), total);
                }));
            }
            for (Future<?> f : futures)
                await(f);
        } finally {
            pool.shutdownNow();
        }
        for (int k = 0; k < total; k++) {
            if (results[k] == null)
                results[k] = CaseResult.cancelled(cases.get(k).id());
            else if (jobs > 1 && outOfMemory(results[k])) {
                results[k] = function.run(cases.get(k), cancelled);
                report(listener, results[k], done.incrementAndGet(), total);
            }
        }
        return new BatchReport(List.of(results));
    }

    private static boolean outOfMemory(CaseResult r) {
        return r.status() == CaseResult.Status.FAILED && r.error().contains("ran out of memory");
    }

    private static synchronized void report(BatchListener listener, CaseResult r, int done, int total) {
        listener.finished(r, done, total);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // the function returns its failures; an error escaping it leaves the case without a result (cancelled)
        }
    }
}
