package org.condseg.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.condseg.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * The plugin on the jars Fiji ships (pom-scijava 44.0.0: gson 2.10.1, jna 5.14.0, imglib2 8.0.0,
 * scijava-common 2.99.2, commons-compress 1.28.0) rather than the newer ones it is built with: in a
 * JVM whose class path has Fiji's versions in their place (copied to target/fiji-versions by the
 * build), DJL and ONNX Runtime run interactive-2d to the same labels, and SciJava finds the commands.
 */
class FijiVersionsTest {

    private static final List<String> REPLACED = List.of("gson-", "jna-", "imglib2-", "scijava-common-", "commons-compress-");

    @TempDir
    Path tmp;

    /** Run in the child JVM: args input, output. */
    public static void main(String[] a) throws Exception {
        int code = Main.run("segment", "--model", "interactive-2d", "--input", a[0], "--output", a[1], "--box", "47,73,43,47");
        Context context = new Context(CommandService.class);
        boolean found = context.service(CommandService.class).getCommand(SegmentImageCommand.class) != null;
        context.dispose();
        System.out.println("segment=" + code + " command=" + found + " gson="
                + new File(com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getName()
                + " imglib2=" + new File(net.imglib2.img.Img.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getName());
        System.exit(code);
    }

    @Test
    void segmentsTheSameOnFijisJarVersions() throws Exception {
        Path fiji = Fixtures.repo().resolve("target/fiji-versions");
        List<Path> jars;
        try (Stream<Path> s = Files.list(fiji)) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        assertEquals(5, jars.size(), "the build copies Fiji's versions to " + fiji + ": " + jars);
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (REPLACED.stream().noneMatch(r -> name.startsWith(r) && name.endsWith(".jar")))
                cp.add(e);
        }
        jars.forEach(j -> cp.add(j.toString()));
        Path input = Fixtures.repo().resolve("test-data/synthetic/case-1-image.tif");
        Path theirs = tmp.resolve("fiji.tif"), ours = tmp.resolve("ours.tif"), log = tmp.resolve("log.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", FijiVersionsTest.class.getName(), input.toString(), theirs.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // through the environment: ONNX Runtime's native library crashes on load with a command line over about 4 KB
        pb.environment().put("CLASSPATH", String.join(File.pathSeparator, cp));
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "timed out");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("segment=0 command=true gson=gson-2.10.1.jar imglib2=imglib2-8.0.0.jar"), out);
        assertEquals(0, Main.run("segment", "--model", "interactive-2d", "--input", input.toString(), "--output", ours.toString(),
                "--box", "47,73,43,47"));
        Object a = new ij.io.Opener().openImage(theirs.toString()).getProcessor().getPixels();
        Object b = new ij.io.Opener().openImage(ours.toString()).getProcessor().getPixels();
        assertArrayEquals((byte[]) b, (byte[]) a, "the same labels on Fiji's jars");
    }
}
