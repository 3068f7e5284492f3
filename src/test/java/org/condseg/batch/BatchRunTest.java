package org.condseg.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.condseg.model.CancelFlag;
import org.junit.jupiter.api.Test;

/** The orchestration alone, over a fake per-case function: order, parallelism, failures, retries, cancel. */
class BatchRunTest {

    static List<BatchCase> cases(int n) {
        List<BatchCase> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
            out.add(new BatchCase("c" + i, Path.of("in/c" + i + ".tif"), Path.of("out/c" + i + "-labels.tif"), CasePrompts.NONE));
        return out;
    }

    static CaseResult done(BatchCase c) {
        return new CaseResult(c.id(), CaseResult.Status.DONE, "", 0, 0.01, new TreeMap<>(Map.of(1, 10L)), 0.5, "mm");
    }

    @Test
    void resultsKeepTheCasesOrderWhateverTheWorkersDo() {
        AtomicInteger inFlight = new AtomicInteger(), most = new AtomicInteger();
        List<String> events = new ArrayList<>();
        BatchReport r = BatchRun.run(cases(12), (c, cancel) -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(12 - Integer.parseInt(c.id().substring(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return done(c);
        }, 3, (res, k, total) -> events.add(k + "/" + total), () -> false);
        assertEquals(cases(12).stream().map(BatchCase::id).toList(), r.results().stream().map(CaseResult::id).toList());
        assertTrue(most.get() > 1 && most.get() <= 3, "at most 3 in flight, saw " + most.get());
        assertEquals(12, events.size());
        assertEquals("12/12", events.get(11));
        assertEquals(0, r.exitCode());
        assertEquals(5.0, r.results().get(0).volumes().get(1), 1e-12);
    }

    @Test
    void failuresMakeExitThreeOrFiveAndAnEscapingErrorFailsOnlyItsCase() {
        BatchReport input = BatchRun.run(cases(4), (c, x) -> c.id().equals("c2") ? CaseResult.failed(c.id(), "bad", 3, 0) : done(c),
                2, BatchListener.NONE, () -> false);
        assertEquals(3, input.exitCode());
        assertEquals(3, input.count(CaseResult.Status.DONE));
        BatchReport crash = BatchRun.run(cases(4), (c, x) -> {
            if (c.id().equals("c1"))
                throw new IllegalStateException("bug");
            return done(c);
        }, 2, BatchListener.NONE, () -> false);
        assertEquals(CaseResult.Status.FAILED, crash.results().get(1).status());
        assertTrue(crash.results().get(1).error().contains("bug"));
        assertEquals(5, crash.exitCode());
    }

    @Test
    void aCaseOutOfMemoryBesideOthersIsRetriedAlone() {
        Map<String, Integer> tries = new ConcurrentHashMap<>();
        BatchReport r = BatchRun.run(cases(5), (c, x) -> tries.merge(c.id(), 1, Integer::sum) == 1 && c.id().equals("c3")
                ? CaseResult.failed(c.id(), "x: ran out of memory (raise -Xmx, or lower --jobs)", 3, 0) : done(c), 3,
                BatchListener.NONE, () -> false);
        assertEquals(0, r.exitCode());
        assertEquals(2, tries.get("c3"));
    }

    @Test
    void cancellingStopsNewCases() {
        CancelFlag cancel = new CancelFlag();
        AtomicInteger ran = new AtomicInteger();
        BatchReport r = BatchRun.run(cases(20), (c, x) -> {
            if (x.getAsBoolean())
                return CaseResult.cancelled(c.id());
            if (ran.incrementAndGet() == 3)
                cancel.cancel();
            return done(c);
        }, 1, BatchListener.NONE, cancel);
        assertEquals(130, r.exitCode());
        assertEquals(3, r.count(CaseResult.Status.DONE));
        assertEquals(17, r.count(CaseResult.Status.CANCELLED));
    }
}
