package org.condseg.runtime;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.condseg.model.RunException;
import org.junit.jupiter.api.Test;

class EngineThreadsTest {

    /** Recursion whose depth needs far more than a 256 KB stack. */
    private static long deep(int n, long a, long b, long c) {
        return n == 0 ? a + b + c : deep(n - 1, b, c, a + 1) + 1;
    }

    @Test
    void workRunsOnALargeStackWhateverTheCallersStack() throws Exception {
        int depth = 200_000;
        AtomicReference<Throwable> direct = new AtomicReference<>(), viaEngine = new AtomicReference<>();
        AtomicReference<Long> result = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                deep(depth, 1, 2, 3);
            } catch (Throwable t) {
                direct.set(t);
            }
            try {
                result.set(EngineThreads.call(() -> deep(depth, 1, 2, 3)));
            } catch (Throwable t) {
                viaEngine.set(t);
            }
        }, "small-stack", 256 << 10);
        small.start();
        small.join();
        assertInstanceOf(StackOverflowError.class, direct.get(), "the recursion must overflow a 256 KB stack");
        assertNull(viaEngine.get());
        assertTrue(result.get() > depth);
    }

    @Test
    void checkedAndUncheckedFailuresReachTheCallerAsThemselves() {
        RunException failure = new RunException("model", "engine failed", null);
        assertSame(failure, assertThrows(RunException.class, () -> EngineThreads.<Void, RunException>call(() -> {
            throw failure;
        })));
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> EngineThreads.call(() -> {
            throw bug;
        })));
    }

    @Test
    void anInterruptWaitsForTheWorkAndStaysSet() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            String r = EngineThreads.call(() -> {
                long end = System.nanoTime() + 50_000_000L; // 50 ms of work that an interrupt cannot cut short
                while (System.nanoTime() < end)
                    Thread.onSpinWait();
                return Thread.currentThread().getName();
            });
            seen.set(r + (Thread.currentThread().isInterrupted() ? " interrupted" : ""));
        });
        caller.start();
        caller.join();
        assertTrue(seen.get().startsWith("condseg-engine-") && seen.get().endsWith(" interrupted"), seen.get());
    }
}
