package org.condseg.cli;

import java.util.concurrent.atomic.AtomicReference;

import org.condseg.io.image.OutputSet;
import org.condseg.runtime.NativeCalls;

import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM for the {@code condseg} process: one line on standard error, the run's
 * outputs removed (those not yet renamed into place never appear), ONNX Runtime's native calls in
 * progress finished (a model load is not torn down under it), then exit code 130 or 143 with the
 * shutdown hooks run (a batch stops its cases and writes its summary). A second signal ends the
 * process at once.
 *
 * <pre>{@code
 * Signals.install(); // in main, before the command runs
 * }</pre>
 */
final class Signals {

    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();
    private static final java.util.concurrent.CountDownLatch CLEANED = new java.util.concurrent.CountDownLatch(1);
    private static volatile int code;

    private Signals() {
    }

    static void install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> received(name, 128 + s.getNumber()));
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have keeps its default
            }
        }
    }

    /** The signal received (e.g. "INT"), or {@code null}: after one, the command's own error line is not printed. */
    static String received() {
        return RECEIVED.get();
    }

    private static void received(String name, int code) {
        if (!RECEIVED.compareAndSet(null, name))
            Runtime.getRuntime().halt(code);
        Signals.code = code;
        System.err.println("condseg: error: cancelled (SIG" + name + "); the outputs of this run were removed");
        System.err.flush();
        OutputSet.abandonAll();
        NativeCalls.closeAndAwait(20_000);
        OutputSet.abandonAll(); // a write that ended meanwhile
        CLEANED.countDown();
        System.exit(code);
    }

    /**
     * The exit code of the process: {@code commandCode}, or where a signal came, its code once its handler has
     * removed the outputs (the command may end first, cancelled by the handler).
     */
    static int exitCode(int commandCode) {
        if (RECEIVED.get() == null)
            return commandCode;
        try {
            CLEANED.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return code;
    }
}
