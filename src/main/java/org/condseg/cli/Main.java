package org.condseg.cli;

import java.io.PrintWriter;
import java.util.concurrent.CancellationException;

import org.condseg.model.CondSegException;
import org.condseg.runtime.EngineThreads;
import org.condseg.runtime.Offline;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code condseg} command.
 *
 * <pre>{@code
 * int code = Main.run("segment", "--model", "interactive-2d", "--input", "a.tif", "--output", "b.tif", "--box", "1,2,30,40");
 * }</pre>
 */
@Command(name = "condseg", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Conditional segmentation with ONNX models.",
        subcommands = {SegmentCommand.class, EvaluateCommand.class, EvaluatePromptsCommand.class, BatchCommand.class, RefineCommand.class, DemoCommand.class, ModelsCommand.class, BenchmarkCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        // ONNX Runtime's native work needs more stack than a main thread may have (EngineThreads)
        int code;
        try {
            Signals.install();
            code = EngineThreads.runOnLargeStack(() -> run(args));
        } catch (OutOfMemoryError e) {
            // before the command line exists (a heap too small to start in), or escaped from the engine thread
            code = outOfMemory(new PrintWriter(System.err, true));
        }
        System.exit(Signals.exitCode(code));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        try {
            return runChecked(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(new PrintWriter(System.err, true));
        }
    }

    private static int runChecked(String... args) {
        Offline.ensure();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr(), verbose(parsed)));
        cl.setParameterExceptionHandler((e, a) -> {
            // one line, naming the command the user typed (models import, not import)
            String command = e.getCommandLine().getCommandSpec().qualifiedName(" ");
            e.getCommandLine().getErr().println("condseg: error: " + OneLine.of(e.getMessage()) + " (see 'java -jar condseg.jar "
                    + command.replaceFirst("^condseg ?", "") + (command.equals("condseg") ? "" : " ") + "--help')");
            e.getCommandLine().getErr().flush();
            return 2;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(cl.getErr());
        }
    }

    /** The one line for a heap that ran out anyway (the outputs of the run were removed as it unwound): exit code 5. */
    static int outOfMemory(PrintWriter err) {
        err.println("condseg: error: ran out of memory (the Java heap holds at most "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; raise -Xmx); nothing was written");
        err.flush();
        return 5;
    }

    /** Prints the one-line error of {@code e} (and its stack trace where verbose) and returns its exit code. */
    public static int report(Exception e, PrintWriter err, boolean verbose) {
        int code;
        String line;
        if (e instanceof CondSegException c) {
            code = c.exitCode();
            line = c.oneLine();
        } else if (e instanceof CancellationException) {
            code = 130;
            line = "cancelled";
        } else if (e instanceof IllegalArgumentException) {
            code = 2;
            line = e.getMessage();
        } else if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            code = 5;
            line = f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        } else if (e instanceof java.io.IOException && e.getMessage() != null) {
            code = 5;
            line = e.getMessage();
        } else {
            code = 5;
            line = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (Signals.received() != null)
            return code; // the signal handler has said it, once
        err.println("condseg: error: " + OneLine.of(line));
        if (verbose)
            e.printStackTrace(err);
        err.flush();
        return code;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand())
            if (p.hasMatchedOption("--verbose"))
                return true;
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"condseg " + org.condseg.segment.Provenance.version()};
        }
    }
}
