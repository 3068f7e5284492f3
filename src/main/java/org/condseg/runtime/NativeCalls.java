package org.condseg.runtime;

import java.util.concurrent.CancellationException;

/**
 * The calls into ONNX Runtime's native code in progress (opening a session, running one), so that a
 * process ending on a signal waits for them instead of tearing the native library down under them
 * (which crashed the JVM with SIGSEGV when Ctrl-C came during a model load). Once {@link #closeAndAwait}
 * has been called, no new call starts: it ends with a {@link CancellationException}.
 *
 * <pre>{@code
 * NativeCalls.run(() -> session.run(inputs));  // inside the runtime package
 * NativeCalls.closeAndAwait(20_000);          // a signal handler, before exiting
 * }</pre>
 */
public final class NativeCalls {

    /** Native work that may throw a checked exception. */
    @FunctionalInterface
    interface Work<T, E extends Exception> {
        T call() throws E;
    }

    private static final Object LOCK = new Object();
    private static int active;
    private static boolean closed;

    private NativeCalls() {
    }

    static <T, E extends Exception> T run(Work<T, E> work) throws E {
        synchronized (LOCK) {
            if (closed)
                throw new CancellationException("the process is ending");
            active++;
        }
        try {
            return work.call();
        } finally {
            synchronized (LOCK) {
                active--;
                LOCK.notifyAll();
            }
        }
    }

    /** Lets no new native call start and waits up to {@code millis} for those in progress; whether none is left. */
    public static boolean closeAndAwait(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (LOCK) {
            closed = true;
            while (active > 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0)
                    return false;
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return active == 0;
                }
            }
            return true;
        }
    }
}
