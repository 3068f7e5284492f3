package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.condseg.SyntheticVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/**
 * The plain-ImageJ bundle copied over a folder holding only {@code ij.jar}, started as a user starts
 * it ({@code java -jar ij.jar} in that folder, no {@code -Dplugins.dir}): a macro opens a stack, draws
 * a rectangle and runs Segment Image; the labels show the prompted slice and the source carries the
 * outlines. With the imglib2 jar taken out, the same macro gives one message naming the missing class
 * and the jars folder. The bundle is {@code target/imagej/} where {@code mvn package} made it from these classes, else the
 * same layout made here from this build ({@code plugins/CondSeg_-test.jar}, {@code plugins/jars/}).
 */
class ImageJBundleTest {

    @TempDir
    Path tmp;

    @Test
    void theBundleOverABareImageJSegmentsAndAMissingJarIsNamed() throws Exception {
        ImageJClient.requireXvfb();
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(31, 90, 84, 15);
        Path data = Files.createDirectories(tmp.resolve("data"));
        ImageJMacroTest.save(ImageJMacroTest.stack("stack", b, 0.5, 1.5, "mm"), data.resolve("stack.tif"));
        int k = b.seedSlice() + 1;
        Path labels = data.resolve("stack-labels.tif");
        String macro = "open(" + ImageJMacroTest.q(data.resolve("stack.tif")) + ");\n" + "setSlice(" + k + ");\n"
                + ImageJMacroTest.rect(b.seedBox())
                + "run(\"Segment Image...\", \"model=bright-interactive-2d prompt=roi propagate\");\n"
                + "print(\"labels: \" + getTitle() + \" at slice \" + getSliceNumber());\n"
                + "saveAs(\"Tiff\", " + ImageJMacroTest.q(labels) + ");\n"
                + "selectImage(\"stack.tif\");\n"
                + "print(\"outlines: \" + Overlay.size);\n";

        Path imagej = bareImageJ("ImageJ");
        String out = run(imagej, macro);
        assertTrue(out.contains("labels: stack-labels at slice " + k), out);
        assertTrue(!out.contains("outlines: 0"), out);
        ImagePlus l = ImageJMacroTest.open(labels, new ImageJClient.Run(0, out));
        assertEquals(15, l.getNSlices());
        assertTrue(ImageJMacroTest.dice(l, 1, b) > 0.8, "Dice " + ImageJMacroTest.dice(l, 1, b));

        Path broken = bareImageJ("Broken");
        try (Stream<Path> s = Files.list(broken.resolve("plugins/jars"))) {
            for (Path jar : s.filter(p -> p.getFileName().toString().startsWith("imglib2-")).toList())
                Files.delete(jar);
        }
        String said = run(broken, macro);
        String line = said.lines().filter(x -> x.contains("CondSeg cannot run")).findFirst().orElse("");
        System.out.println("missing jar: " + line);
        assertTrue(line.contains("net.imglib2.") && line.contains("(imglib2 jar)"), said);
        assertTrue(line.contains(broken.resolve("plugins").resolve("jars").toString()), line);
    }

    /** A folder with ij.jar and the bundle (plugins/, plugins/jars/, models/ with the test fixture). */
    private Path bareImageJ(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(ImageJClient.ijJar(), dir.resolve("ij.jar"));
        Path built = Fixtures.repo().resolve("target/imagej");
        boolean packaged = Files.isDirectory(built.resolve("plugins/jars")) && fresh(built.resolve("plugins"));
        Path bundle = packaged ? built : ImageJClient.pluginsHome();
        System.out.println("bundle: " + (packaged ? "target/imagej (mvn package)" : "this build's classes and class path"));
        copyTree(bundle.resolve("plugins"), dir.resolve("plugins"));
        copyTree(Fixtures.fixture("bright-interactive-2d"), dir.resolve("models/bright-interactive-2d"));
        return dir;
    }

    /** Whether the packaged plugin jar is at least as new as this build's classes (else it is an old package). */
    private static boolean fresh(Path plugins) throws IOException {
        Path classes = Fixtures.repo().resolve("target/classes/org/condseg/plugins/SegmentImage.class");
        try (Stream<Path> s = Files.list(plugins)) {
            for (Path jar : s.filter(p -> p.getFileName().toString().matches("CondSeg_-.*\\.jar")).toList())
                if (Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(classes)) >= 0)
                    return true;
        }
        return false;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p))
                    Files.createDirectories(target);
                else
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING); // follows links: real files, as a user's copy
            }
        }
    }

    /** {@code java -jar ij.jar -batch macro} in the ImageJ folder, as a user starts it. */
    private static String run(Path imagej, String macro) throws Exception {
        Path file = imagej.resolve("test.ijm"), log = imagej.resolve("output.txt");
        Files.writeString(file, macro);
        List<String> cmd = List.of("timeout", "120", "xvfb-run", "-a", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-jar", "ij.jar", "-batch", file.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(imagej.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().remove("CONDSEG_MODELS");
        Process p = pb.start();
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "timed out: " + Files.readString(log));
        return Files.readString(log);
    }
}
