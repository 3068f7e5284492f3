package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Every package in the repository's {@code models/} folder passes {@code models validate}: its
 * description reads, its weights match their checksum, and ONNX Runtime reproduces its test output
 * from its test input.
 */
class ModelPackagesTest extends CapturedCli {

    @Test
    void everyShippedModelReproducesItsTestTensors() throws IOException {
        List<Path> packages;
        try (Stream<Path> s = Files.list(Fixtures.repo().resolve("models"))) {
            packages = s.filter(Files::isDirectory).sorted().toList();
        }
        List<String> ids = packages.stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(ids.contains("interactive-2d") && ids.contains("attention-2d"), ids.toString());
        for (Path p : packages) {
            String id = p.getFileName().toString();
            assertEquals(0, run("models", "validate", p.toString()), id + ": " + err.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(id + ": valid"), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void attentionModelRunsAsAnInteractiveModel() {
        assertEquals(0, run("models", "info", Fixtures.model("attention-2d").toString()), err.toString(StandardCharsets.UTF_8));
        String info = out.toString(StandardCharsets.UTF_8);
        assertTrue(info.contains("task:      interactive"), info);
    }

}
