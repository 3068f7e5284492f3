package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Remakes the annotation tool's pictures (docs/user/images) under Xvfb (into a temporary folder unless asked for the docs):
 * {@code mvn -B test -Dtest=AnnotationScreenshotsTest -Dcondseg.screenshots=docs/user/images}
 * (model: {@code -Dcondseg.screenshots.model}, default interactive-2d).
 */
class AnnotationScreenshotsTest {

    @Test
    void remakeTheAnnotationToolPictures() throws Exception {
        ImageJClient.requireXvfb();
        // into the docs on request; otherwise into a temporary folder, so that every run checks the pictures can be made
        String target = System.getProperty("condseg.screenshots");
        Path out = target == null || target.isBlank() ? Files.createTempDirectory("screenshots") : Fixtures.repo().resolve(target);
        String model = System.getProperty("condseg.screenshots.model", "interactive-2d");
        Path home = ImageJClient.pluginsHome();
        Path log = Files.createTempFile("screenshots", ".txt");
        List<String> cmd = List.of("timeout", "120", "xvfb-run", "-a", "-s", "-screen 0 1280x900x24",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
                "-Dplugins.dir=" + home, AnnotationScreenshots.class.getName(), out.toString(), model);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path")); // see HeadlessPluginTest
        pb.environment().put("CONDSEG_MODELS", home.resolve("models").toString());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(150, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(log));
        for (String f : List.of("annotation-tool.png", "annotation-panel.png", "annotation-labels.png"))
            assertTrue(Files.size(out.resolve(f)) > 1000, f);
    }
}
