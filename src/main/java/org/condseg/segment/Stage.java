package org.condseg.segment;

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
 * costs more than the work it overlaps (measured on 2 cores with 2 engine threads).
 *
 * <pre>{@code
 * try (Stage stage = Stage.beside(options, network.device())) {
 *     Future<Tensor> next = stage.submit(() -> encode(slice));
 * }
 * }</pre>
 */
final class Stage implements AutoCloseable {

    private final ExecutorService helper; // null: inline

    private Stage(ExecutorService helper) {
        this.helper = helper;
    }

    /**
     * A stage for an engine running with these options on {@code device} (where the open network really
     * runs: {@code auto} that found a GPU overlaps as {@code gpu} does).
     */
    static Stage beside(SegmentOptions options, String device) {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean gpu = device != null && device.startsWith("gpu");
        boolean coreFree = options.threads() > 0 && options.threads() < cores;
        return new Stage(gpu || coreFree ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "condseg-pre-post");
            t.setDaemon(true);
            return t;
        }) : null);
    }

    /** Runs {@code task} on the helper thread, or now on the caller's thread when inline. */
    <T> Future<T> submit(Callable<T> task) {
        if (helper != null)
            return helper.submit(task);
        FutureTask<T> f = new FutureTask<>(task);
        f.run();
        return f;
    }

    /** Whether work runs on a helper thread beside the engine. */
    boolean overlapped() {
        return helper != null;
    }

    /**
     * Runs {@code body} for 0 ≤ i < n: across the machine's cores when inline (the engine is idle
     * meanwhile), in order on this thread beside a running engine. Bodies must touch disjoint data.
     */
    void forEach(int n, IntConsumer body) {
        if (helper == null && n > 1)
            IntStream.range(0, n).parallel().forEach(body);
        else
            for (int i = 0; i < n; i++)
                body.accept(i);
    }

    @Override
    public void close() {
        if (helper != null)
            helper.shutdownNow();
    }
}
