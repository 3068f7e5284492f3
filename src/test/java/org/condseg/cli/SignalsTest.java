package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * SIGINT and SIGTERM sent to a {@code segment} process, during the model load, while tiles run and while
 * its outputs are being written: exit code 130 or 143, one line on standard error, no output (neither the
 * label image nor the probabilities), no temporary file and no JVM crash log left behind.
 */
class SignalsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"INT, 4000, 130", "TERM, 4000, 143", "INT, 1200, 130"})
    void aSignalCancelsCleanly(String signal, long afterMillis, int expected) throws Exception {
        ImageStack stack = new ImageStack(192, 192);
        for (int z = 0; z < 256; z++) {
            ByteProcessor bp = new ByteProcessor(192, 192);
            for (int i = 0; i < 192 * 192; i++)
                bp.set(i, (i + z) % 200);
            stack.addSlice(bp);
        }
        Path in = tmp.resolve("vol.tif");
        new FileSaver(new ImagePlus("vol", stack)).saveAsTiffStack(in.toString());
        Path out = tmp.resolve("out"), labels = out.resolve("vol-labels.nii.gz"), prob = out.resolve("vol-prob.tif");
        Files.createDirectories(out);
        // over a million tiles of 8^3 (a step of 2): the run takes minutes, far longer than the signal's delay
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dai.djl.offline=true", "org.condseg.cli.Main", "segment", "--model", Fixtures.fixture("identity-3d").toString(),
                "--input", in.toString(), "--output", labels.toString(), "--probabilities", prob.toString(), "--tile", "8,8,8",
                "--overlap", "0.75").directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("log.txt").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        Thread.sleep(afterMillis);
        assertTrue(p.isAlive(), "the run ended before the signal: " + Files.readString(tmp.resolve("log.txt")));
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends within a minute of the signal");
        String log = Files.readString(tmp.resolve("log.txt"), StandardCharsets.UTF_8);
        assertEquals(expected, p.exitValue(), log);
        List<String> lines = log.lines().filter(l -> !l.isBlank() && !l.contains("\r")).toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).startsWith("condseg: error: cancelled (SIG" + signal + ")"), log);
        try (var s = Files.list(out)) {
            assertEquals(List.of(), s.toList(), "no output and no temporary file");
        }
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
        }
    }

    /**
     * The signal comes while the outputs are written: the label image's temporary file is complete and the
     * probabilities' is being written (its {@code .part} file is in the output folder). Nothing may be renamed
     * into place, and every temporary file goes.
     */
    @ParameterizedTest
    @CsvSource({"TERM, 143", "INT, 130"})
    void aSignalWhileTheOutputsAreWrittenLeavesNoneOfThem(String signal, int expected) throws Exception {
        int w = 256, h = 256, d = 128;
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            ByteProcessor bp = new ByteProcessor(w, h);
            for (int i = 0; i < w * h; i++)
                bp.set(i, (i * 7 + z * 13) % 200);
            stack.addSlice(bp);
        }
        Path in = tmp.resolve("vol.tif");
        new FileSaver(new ImagePlus("vol", stack)).saveAsTiffStack(in.toString());
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        // large tiles: the model runs in seconds; three gzip-compressed outputs (8 MB of labels, 32 MB of
        // probabilities, 32 MB of uncertainty) take seconds more to write
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dai.djl.offline=true", "org.condseg.cli.Main", "segment", "--model", Fixtures.fixture("identity-3d").toString(),
                "--input", in.toString(), "--output", out.resolve("vol-labels.nii.gz").toString(), "--probabilities",
                out.resolve("vol-prob.nii.gz").toString(), "--uncertainty", out.resolve("vol-unc.nii.gz").toString(), "--tile",
                "64,64,64", "--overlap", "0").directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("log.txt").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        List<String> parts = List.of();
        while (parts.stream().noneMatch(n -> n.contains("vol-prob")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            try (var s = Files.list(out)) {
                parts = s.map(f -> f.getFileName().toString()).filter(n -> n.contains(".part")).toList();
            }
        }
        assertTrue(p.isAlive() && parts.stream().anyMatch(n -> n.contains("vol-prob")) && parts.stream().anyMatch(n -> n.contains("vol-labels")),
                "the signal was to come while the probabilities are written, after the labels; seen " + parts
                + ", log: " + Files.readString(tmp.resolve("log.txt")));
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends within a minute of the signal");
        String log = Files.readString(tmp.resolve("log.txt"), StandardCharsets.UTF_8);
        assertEquals(expected, p.exitValue(), log);
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).startsWith("condseg: error: cancelled (SIG" + signal + ")"), log);
        try (var s = Files.list(out)) {
            assertEquals(List.of(), s.toList(), "no output and no temporary file (the signal came with " + parts + ")");
        }
    }
}
