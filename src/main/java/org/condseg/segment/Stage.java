package org.condseg.segment;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.condseg.model.SegmentOptions;

/**
 * Where pre- and post-processing run: on one helper thread beside the engine when the engine leaves
 * a core free (or runs on a GPU), otherwise inline between engine calls. A busy extra thread on a
 * machine whose cores the engine already fills stalls every parallel operator at its barrier, which
 * costs more than the work it overlaps (measured on 2 cores with 2 engine threads). The helper's
 * tasks run one at a time, in the order given, on threads of one shared pool: a stage makes no thread
 * of its own, so a live tool calling the model at every click does not start a thread per click.
 *
 * <pre>{@code
 * try (Stage stage = Stage.beside(options, network.device())) {
 *     Future<Tensor> next = stage.submit(() -> encode(slice));
 * }
 * }</pre>
 */
final class Stage implements AutoCloseable {

    /** The threads every overlapped stage runs on (idle ones end after a minute). */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "condseg-pre-post");
        t.setDaemon(true);
        return t;
    });

    private final boolean overlapped;
    private final Deque<FutureTask<?>> queue = new ArrayDeque<>();
    private FutureTask<?> running;
    private boolean closed;

    private Stage(boolean overlapped) {
        this.overlapped = overlapped;
    }

    /**
     * A stage for an engine running with these options on {@code device} (where the open network really
     * runs: {@code auto} that found a GPU overlaps as {@code gpu} does).
     */
    static Stage beside(SegmentOptions options, String device) {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean gpu = device != null && device.startsWith("gpu");
        boolean coreFree = options.threads() > 0 && options.threads() < cores;
        return new Stage(gpu || coreFree);
    }

    /** Runs {@code task} after this stage's earlier tasks beside the engine, or now on the caller's thread when inline. */
    <T> Future<T> submit(Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        if (!overlapped) {
            f.run();
            return f;
        }
        synchronized (this) {
            if (closed) {
                f.cancel(false);
                return f;
            }
            queue.add(f);
            if (running == null)
                next();
        }
        return f;
    }

    /** Starts the next queued task on the pool; called holding the lock. */
    private void next() {
        running = queue.poll();
        if (running == null)
            return;
        FutureTask<?> task = running;
        POOL.execute(() -> {
            try {
                task.run();
            } finally {
                Thread.interrupted(); // a cancelled task's interrupt must not reach the pool thread's next task
                synchronized (this) {
                    next();
                }
            }
        });
    }

    /** Whether work runs on a helper thread beside the engine. */
    boolean overlapped() {
        return overlapped;
    }

    /**
     * Runs {@code body} for 0 ≤ i < n: across the machine's cores when inline (the engine is idle
     * meanwhile), in order on this thread beside a running engine. Bodies must touch disjoint data.
     */
    void forEach(int n, IntConsumer body) {
        if (!overlapped && n > 1)
            IntStream.range(0, n).parallel().forEach(body);
        else
            for (int i = 0; i < n; i++)
                body.accept(i);
    }

    /** Cancels what has not run yet and interrupts what runs. */
    @Override
    public synchronized void close() {
        closed = true;
        for (FutureTask<?> f : queue)
            f.cancel(false);
        queue.clear();
        if (running != null)
            running.cancel(true);
    }
}
