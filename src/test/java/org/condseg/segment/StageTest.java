package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

import org.condseg.model.SegmentOptions;
import org.junit.jupiter.api.Test;

/** An overlapped stage runs its tasks in order, beside the caller, on pooled threads: no thread per call. */
class StageTest {

    @Test
    void tasksRunInOrderOnPooledThreadsAndStagesMakeNoThreadsOfTheirOwn() throws Exception {
        Set<Thread> threads = Collections.synchronizedSet(new HashSet<>());
        for (int s = 0; s < 50; s++) {
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            try (Stage stage = Stage.beside(SegmentOptions.defaults(), "gpu(0)")) {
                assertTrue(stage.overlapped());
                List<Future<Integer>> fs = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    final int k = i;
                    fs.add(stage.submit(() -> {
                        threads.add(Thread.currentThread());
                        Thread.sleep(k % 2);
                        order.add(k);
                        return k;
                    }));
                }
                for (int i = 0; i < 5; i++)
                    assertEquals(i, fs.get(i).get());
            }
            assertEquals(List.of(0, 1, 2, 3, 4), order, "stage " + s);
        }
        // a thread per stage would be 50; the pool reuses idle threads (a few more where one has not yet gone idle)
        assertTrue(threads.size() < 25, threads.size() + " threads for 50 stages");
        assertTrue(threads.stream().noneMatch(t -> t == Thread.currentThread()));
    }

    @Test
    void closingCancelsWhatHasNotRunAndInlineStagesRunAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Future<?> blocked, queued;
        try (Stage stage = Stage.beside(SegmentOptions.defaults(), "gpu(0)")) {
            blocked = stage.submit(() -> {
                started.countDown();
                Thread.sleep(60_000);
                return null;
            });
            queued = stage.submit(() -> 1);
            started.await();
        }
        assertTrue(blocked.isCancelled() && queued.isCancelled());
        try {
            queued.get();
        } catch (CancellationException expected) {
            // as it should
        }
        try (Stage inline = Stage.beside(SegmentOptions.defaults().withThreads(0), "cpu")) {
            Thread[] ran = new Thread[1];
            inline.submit(() -> ran[0] = Thread.currentThread());
            assertEquals(Thread.currentThread(), ran[0]);
        }
        // the pool thread interrupted by the close runs the next stage's task uninterrupted
        try (Stage next = Stage.beside(SegmentOptions.defaults(), "gpu(0)")) {
            assertEquals(Boolean.FALSE, next.submit(() -> Thread.currentThread().isInterrupted()).get());
        }
    }
}
