package org.condseg.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * For tests of the command line run in this JVM: {@link #run} calls {@link Main#run} with standard
 * output and error captured into {@link #out} and {@link #err}, both emptied before each run.
 */
abstract class CapturedCli {

    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    int run(String... args) {
        out.reset();
        err.reset();
        PrintStream o = System.out, e = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
