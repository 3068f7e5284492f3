package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM whose command line is over about 4 KB (a long {@code -cp}, as Maven's class path gives) died with
 * SIGSEGV and no message when ONNX Runtime started on its main thread; the engine's native work now runs on
 * large-stack threads (EngineThreads). This runs a real model in such a JVM.
 */
class LongCommandLineTest {

    @TempDir
    Path tmp;

    /** Calls {@link Main#run} on the JVM's main thread itself, as a plugin calls the core on ImageJ's threads. */
    public static final class OnTheMainThread {
        public static void main(String[] args) {
            System.exit(Main.run(args));
        }
    }

    @Test
    void theCommandLineRunsAModelFromAJvmWithAnEightKilobyteCommandLine() throws Exception {
        assertValid(run(Main.class.getName()));
    }

    @Test
    void theCoreCalledOnAnOrdinaryThreadRunsTheEngineOnALargeStack() throws Exception {
        assertValid(run(OnTheMainThread.class.getName()));
    }

    private Path run(String mainClass) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dai.djl.offline=true", "-Dcondseg.padding=" + "x".repeat(8192), "-cp", System.getProperty("java.class.path"),
                mainClass, "models", "--models", Fixtures.repo().resolve("test-data/fixtures").toString(), "validate", "identity-2d");
        Path log = Files.createTempFile(tmp, "log", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        return log;
    }

    private static void assertValid(Path log) throws Exception {
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("identity-2d: valid"), out);
    }
}
