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
        System.exit(EngineThreads.runOnLargeStack(() -> run(args)));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        Offline.ensure();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr(), verbose(parsed)));
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("condseg: error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'java -jar condseg.jar " + e.getCommandLine().getCommandName() + " --help'.");
            return 2;
        });
        return cl.execute(args);
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
        } else {
            code = 5;
            line = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        err.println("condseg: error: " + line);
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
