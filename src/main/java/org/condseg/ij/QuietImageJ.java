package org.condseg.ij;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Runs ImageJ 1 code whose complaints, without a GUI, go to standard output (its readers report bad
 * files with {@code IJ.log}/{@code IJ.error}, exceptions included): what the calling thread prints
 * meanwhile is kept from the terminal and handed back, so that the caller can report one line of its
 * own. Other threads print as usual. In Fiji with its GUI ImageJ writes to the Log window instead, and
 * nothing is caught.
 *
 * <pre>{@code
 * QuietImageJ.Result<ImagePlus> r = QuietImageJ.call(() -> new Opener().openImage(path));
 * if (r.value() == null) throw new InputException(file, "unreadable: " + r.firstLine());
 * }</pre>
 */
final class QuietImageJ {

    private static final ThreadLocal<ByteArrayOutputStream> CAPTURE = new ThreadLocal<>();

    /** A value and what was printed while computing it. */
    record Result<T>(T value, String printed) {

        /** The first non-blank printed line, or "". */
        String firstLine() {
            return printed.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        }
    }

    private QuietImageJ() {
    }

    static <T> Result<T> call(Callable<T> work) throws Exception {
        install();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ByteArrayOutputStream outer = CAPTURE.get();
        CAPTURE.set(buffer);
        try {
            T value = work.call();
            return new Result<>(value, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            CAPTURE.set(outer);
        }
    }

    private static synchronized void install() {
        if (!(System.out instanceof Filter))
            System.setOut(new Filter(System.out));
    }

    /** Standard output that diverts the bytes of capturing threads. */
    private static final class Filter extends PrintStream {

        Filter(PrintStream target) {
            super(target, true);
        }

        @Override
        public void write(int b) {
            ByteArrayOutputStream c = CAPTURE.get();
            if (c != null)
                c.write(b);
            else
                super.write(b);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            ByteArrayOutputStream c = CAPTURE.get();
            if (c != null)
                c.write(buf, off, len);
            else
                super.write(buf, off, len);
        }

        @Override
        public void flush() {
            if (CAPTURE.get() == null)
                super.flush();
        }
    }
}
