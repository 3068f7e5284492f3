package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.condseg.Fixtures;
import org.condseg.Tools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * A full disk, for real: {@code segment} runs in a private mount namespace ({@code unshare}, as root or as
 * a user through a user namespace) whose output folder is a 64 KiB tmpfs, too small for its outputs. The
 * one line names the output and the system's reason, {@code <file>: No space left on device}; exit code 5;
 * nothing is left on the full file system (no output, no temporary file). Where no mount namespace may be
 * made the test is skipped with a message (it fails where {@code CONDSEG_REQUIRE_TOOLS=true}).
 */
class DiskFullTest {

    @TempDir
    Path tmp;

    /** {@code unshare} with the options that give this process a private mount namespace, or {@code null}. */
    private static List<String> unshare() throws Exception {
        for (List<String> u : List.of(List.of("unshare", "--mount"), List.of("unshare", "--user", "--map-root-user", "--mount"))) {
            List<String> probe = new ArrayList<>(u);
            probe.addAll(List.of("sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=4k tmpfs /tmp"));
            try {
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)
                    return u;
            } catch (java.io.IOException e) {
                return null; // no unshare at all
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tif", "nii.gz", "mha", "mhd", "nrrd"})
    void aFullDiskIsOneLineNamingTheOutputAndLeavesNothing(String ext) throws Exception {
        List<String> unshare = unshare();
        Tools.require(unshare != null, "a private mount namespace for a tmpfs (unshare --mount, or --user --map-root-user"
                + " --mount: util-linux, and user namespaces or root)");
        Random r = new Random(3);
        ImageStack stack = new ImageStack(64, 64);
        for (int z = 0; z < 48; z++) {
            ByteProcessor bp = new ByteProcessor(64, 64);
            for (int i = 0; i < 64 * 64; i++)
                bp.set(i, r.nextInt(256));
            stack.addSlice(bp);
        }
        Path in = tmp.resolve("rnd.tif"), full = tmp.resolve("full");
        new FileSaver(new ImagePlus("rnd", stack)).saveAsTiffStack(in.toString());
        Files.createDirectories(full);
        Path labels = full.resolve("vol-labels." + ext), prob = full.resolve("vol-prob." + ext), left = tmp.resolve("left.txt");
        // random voxels: 196 KiB of labels and 768 KiB of probabilities, neither compressing below 64 KiB together
        List<String> cmd = new ArrayList<>(unshare);
        cmd.addAll(List.of("sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\" || exit 99; \"$@\"; rc=$?; ls -A \"$0\" > \"$LEFT\"; exit $rc",
                full.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
                "org.condseg.cli.Main", "segment", "--model", Fixtures.fixture("identity-3d").toString(), "--input", in.toString(),
                "--output", labels.toString(), "--probabilities", prob.toString(), "--tile", "64,64,64", "--overlap", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("LEFT", left.toString());
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "segment ends");
        String err = Files.readString(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertEquals(5, p.exitValue(), err);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).equals("condseg: error: " + labels + ": No space left on device")
                || lines.get(0).equals("condseg: error: " + prob + ": No space left on device"), err);
        assertEquals("", Files.readString(left).strip(), "nothing left on the full file system");
    }
}
