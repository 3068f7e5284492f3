package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * An ONNX Runtime kernel error at run time (the {@code kernel-error-2d} fixture: a Reshape that does not fit
 * the tile) as a user sees it from a separate {@code condseg} process: ONNX Runtime writes its own log to the
 * native standard error, which no in-process capture sees, so only a real process shows that it stays silent.
 * Standard error holds exactly our one line (no coloured ONNX Runtime log line, no stack trace), exit code 5,
 * nothing written.
 */
class OrtLogTest {

    @TempDir
    Path tmp;

    @Test
    void aKernelErrorIsOurOneLineAlone() throws Exception {
        ByteProcessor bp = new ByteProcessor(96, 80);
        for (int i = 0; i < 96 * 80; i++)
            bp.set(i, i % 200);
        Path in = tmp.resolve("img.tif"), out = tmp.resolve("out").resolve("img-labels.tif");
        new FileSaver(new ImagePlus("img", bp)).saveAsTiff(in.toString());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "org.condseg.cli.Main", "segment", "--model", Fixtures.fixture("kernel-error-2d").toString(),
                "--input", in.toString(), "--output", out.toString()).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(tmp.resolve("stderr.txt").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "segment ends");
        String err = Files.readString(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertEquals(5, p.exitValue(), err);
        assertEquals("", Files.readString(tmp.resolve("stdout.txt")));
        assertFalse(err.contains("\u001b"), "no coloured log line: " + err);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), err);
        assertEquals("condseg: error: kernel-error-2d: ONNX Runtime failed in its Reshape node: The input tensor cannot be "
                + "reshaped to the requested shape. Input shape:{1,1,32,32}, requested shape:{-1,1,7,7}", lines.get(0));
        assertFalse(Files.exists(out.getParent()) && Files.list(out.getParent()).findAny().isPresent(), "nothing written");
    }
}
