package org.condseg.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs ONNX Runtime's native work (engine start, session creation, each run, closing) on threads of our own
 * with a large stack, and waits for it. A JVM started with a long class path (e.g. the one Maven's
 * {@code dependency:build-classpath} gives: 47 jars or more) died with SIGSEGV and no error file when that
 * work ran on its main thread, whose stack is {@code -Xss} (1 MB by default); on a 64 MB thread it ran. The
 * caller's thread can be any: ImageJ's macro thread, the event thread, a batch worker. Work called from a
 * thread made here ({@link #newThread}, {@link #runOnLargeStack}: the CLI's main thread, batch workers) runs
 * where it is, without a hand-over per call.
 *
 * <pre>{@code
 * List<Tensor> out = EngineThreads.call(() -> predictor.predict(in));      // in the runtime
 * System.exit(EngineThreads.runOnLargeStack(() -> Main.run(args)));         // a front end's main
 * }</pre>
 */
public final class EngineThreads {

    /** Reserved, not committed: the memory is only touched as deep as the native code goes. */
    static final long STACK_BYTES = 64L << 20;

    private static final String PREFIX = "condseg-engine-";
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = newThread(r, Integer.toString(COUNT.incrementAndGet()));
        t.setDaemon(true);
        return t;
    });

    private EngineThreads() {
    }

    /** A thread with the engine's large stack, named {@code condseg-engine-<name>}; engine work called on it runs in place. */
    public static Thread newThread(Runnable r, String name) {
        Thread t = new Thread(null, r, PREFIX + name, STACK_BYTES);
        t.setContextClassLoader(EngineThreads.class.getClassLoader()); // DJL finds its engines through it
        return t;
    }

    /** Runs {@code work} on a new large-stack thread and waits for it (a front end's main), returning its result. */
    public static <T> T runOnLargeStack(Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(work::get);
        newThread(task, "main").start();
        return EngineThreads.<T, RuntimeException>await(task);
    }

    /** What may run there: a call that returns a value or throws {@code E}. */
    @FunctionalInterface
    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} on an engine thread and returns its result, or throws what it threw. An interrupt of
     * the caller does not stop native work that has begun: the call still waits for it, then keeps the
     * caller's interrupt flag set.
     */
    static <T, E extends Exception> T call(Work<T, E> work) throws E {
        if (Thread.currentThread().getName().startsWith(PREFIX))
            return work.run();
        Callable<T> task = work::run;
        return await(POOL.submit(task));
    }

    /**
     * The task's value, or what it threw; an interrupt does not stop the wait (native work cannot be cut short)
     * but stays set on the caller.
     */
    @SuppressWarnings("unchecked")
    private static <T, E extends Exception> T await(Future<T> f) throws E {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r)
                        throw r;
                    if (cause instanceof Error err)
                        throw err;
                    throw (E) cause;
                }
            }
        } finally {
            if (interrupted)
                Thread.currentThread().interrupt();
        }
    }
}
