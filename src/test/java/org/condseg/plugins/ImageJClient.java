package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ImageJ 1, started as users start it, running macros under Xvfb:
 * {@code timeout 120 xvfb-run -a java -Dplugins.dir=HOME -jar ij.jar -batch macro.ijm}. HOME is laid out
 * like a Fiji installation and built from this build's classes, so that {@code mvn test} alone works:
 * {@code plugins/CondSeg_-test.jar} (target/classes, with plugins.config), {@code plugins/jars/} (the
 * runtime class path but ImageJ itself) and {@code models/} (the test fixtures, and the shipped models).
 * Without {@code xvfb-run} the tests skip, unless {@code CONDSEG_REQUIRE_XVFB=true} (CI), where they fail.
 *
 * <pre>{@code
 * ImageJClient.Run r = ImageJClient.runMacro(tmp, "newImage(\"x\", \"8-bit\", 8, 8, 1); print(\"ok\");");
 * assertTrue(r.output().contains("ok"));
 * }</pre>
 */
final class ImageJClient {

    private static Path home;

    private ImageJClient() {
    }

    /** What a macro run gave: the exit code (124 on timeout) and standard output and error together. */
    record Run(int exitCode, String output) {
    }

    /** Skips the calling test where there is no xvfb-run, or fails where CI requires it. */
    static void requireXvfb() {
        if (onPath("xvfb-run"))
            return;
        if ("true".equalsIgnoreCase(System.getenv("CONDSEG_REQUIRE_XVFB")))
            fail("xvfb-run is not installed and CONDSEG_REQUIRE_XVFB=true: apt-get install -y xvfb xauth");
        Assumptions.abort("xvfb-run is not installed (apt-get install -y xvfb xauth); the real-ImageJ tests are skipped");
    }

    /** Runs a macro in a fresh ImageJ under Xvfb; the macro's files live in {@code dir}. */
    static Run runMacro(Path dir, String macro) throws IOException, InterruptedException {
        requireXvfb();
        Path file = dir.resolve("test.ijm");
        Files.writeString(file, macro, StandardCharsets.UTF_8);
        Path log = dir.resolve("imagej-output.txt");
        List<String> cmd = List.of("timeout", "120", "xvfb-run", "-a", javaBin(), "-Xmx1g", "-Dai.djl.offline=true",
                "-Dplugins.dir=" + pluginsHome(), "-jar", ijJar().toString(), "-batch", file.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(124, Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** The ImageJ home this JVM built: plugins/, plugins/jars/, models/. */
    static synchronized Path pluginsHome() throws IOException {
        if (home != null)
            return home;
        Path h = Files.createTempDirectory("condseg-imagej-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(h)));
        Path plugins = Files.createDirectories(h.resolve("plugins")), jars = Files.createDirectories(plugins.resolve("jars"));
        Path classes = Path.of(System.getProperty("condseg.repo", ".")).resolve("target/classes").toAbsolutePath();
        jar(classes, plugins.resolve("CondSeg_-test.jar"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            if (!name.endsWith(".jar") || Files.isDirectory(p) || isImageJ(p) || name.matches(
                    "(junit|opentest4j|apiguardian|archunit|surefire|jqwik|jazzer|common-java|maven-|plexus).*"))
                continue;
            link(p, jars.resolve(name));
        }
        Path models = Files.createDirectories(h.resolve("models"));
        for (String fixture : List.of("identity-2d", "identity-3d", "bright-interactive-2d", "candidates-2d"))
            link(Fixtures.fixture(fixture), models.resolve(fixture));
        Path shipped = Fixtures.repo().resolve("models");
        if (Files.isDirectory(shipped))
            try (Stream<Path> s = Files.list(shipped)) {
                for (Path m : s.filter(Files::isDirectory).toList())
                    link(m, models.resolve(m.getFileName().toString()));
            }
        home = h;
        return h;
    }

    /** ImageJ 1 from the test class path (net.imagej:ij). */
    static Path ijJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator))
            if (isImageJ(Path.of(entry)))
                return Path.of(entry);
        throw new IllegalStateException("net.imagej:ij is not on the test class path");
    }

    private static boolean isImageJ(Path p) {
        return p.getFileName().toString().matches("ij-1\\.[0-9a-z.]+\\.jar");
    }

    private static void jar(Path classes, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            List<Path> all = new ArrayList<>(files.filter(Files::isRegularFile).toList());
            for (Path f : all) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        if (!Files.exists(classes.resolve("plugins.config")))
            throw new IllegalStateException("plugins.config is missing from " + classes + " (the pom copies it there)");
    }

    /** Deletes the home: its links, jar and folders (never what the links point to). */
    private static void delete(Path h) {
        try (Stream<Path> s = Files.walk(h)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    private static void link(Path target, Path link) throws IOException {
        try {
            Files.createSymbolicLink(link, target.toAbsolutePath());
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.isDirectory(target))
                throw e;
            Files.copy(target, link);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null)
            return false;
        for (String dir : path.split(File.pathSeparator))
            if (Files.isExecutable(Path.of(dir, exe)))
                return true;
        return false;
    }
}
