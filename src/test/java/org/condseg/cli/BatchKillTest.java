package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of {@code --resume}: a batch killed with SIGKILL in the middle (a real JVM, killed by
 * {@link Process#destroyForcibly()}) and resumed ends with the same files, byte for byte, as a clean
 * run, and no temporary files.
 */
class BatchKillTest {

    static final int CASES = 16;

    @TempDir
    Path tmp;

    static Process batch(Path dir, String... extra) throws Exception {
        // the class path goes in the environment, keeping the command line short (a JVM whose command line was over
        // about 4 KB crashed when ONNX Runtime started on its main thread; LongCommandLineTest covers the fix)
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dai.djl.offline=true", "org.condseg.cli.Main", "batch"));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log-" + System.nanoTime() + ".txt").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return pb.start();
    }

    @Test
    void aRunKilledMidwayAndResumedEqualsACleanRunByteForByte() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < CASES; i++)
            BatchCliTest.ramp(in.resolve(String.format("case-%02d.tif", i)), 160, 128, 3, i);
        String model = Fixtures.fixture("identity-2d").toString();
        String[] args = {"--model", model, "--input", in.toString(), "--jobs", "2", "--format", "nii.gz"};

        Path clean = tmp.resolve("clean");
        assertEquals(0, Main.run(concat(new String[] {"batch"}, concat(args, "--output", clean.toString()))));

        Path killed = tmp.resolve("killed");
        Process p = batch(tmp, concat(args, "--output", killed.toString()));
        int sidecarsAtKill = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            int n = count(killed, ".json");
            if (n >= 3) {
                p.destroyForcibly();
                sidecarsAtKill = n;
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(sidecarsAtKill >= 3 && sidecarsAtKill < CASES, "killed midway: " + sidecarsAtKill + " of " + CASES + " finished");
        assertEquals(137, p.exitValue(), "SIGKILL");
        // what a kill during a write leaves: a temporary file; and an output whose sidecar never came
        Files.write(killed.resolve(".case-15-labels.nii.gz.4242.part"), new byte[] {0x1f, (byte) 0x8b, 1});
        Files.write(killed.resolve("case-15-labels.nii.gz"), new byte[] {0x1f, (byte) 0x8b, 2});

        Process resumed = batch(tmp, concat(args, "--output", killed.toString(), "--resume"));
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, resumed.exitValue(), Files.readString(newestLog()));

        Map<String, byte[]> a = BatchCliTest.contents(clean), b = BatchCliTest.contents(killed);
        assertEquals(a.keySet(), b.keySet(), "the same files, and no temporary ones");
        assertEquals(2 * CASES, a.size());
        for (String name : a.keySet())
            assertArrayEquals(a.get(name), b.get(name), name + " differs from the clean run's");
        Map<String, List<String>> rows = BatchCliTest.summary(killed.resolve("summary.csv"));
        long skipped = rows.values().stream().filter(r -> r.get(1).equals("skipped")).count();
        assertTrue(skipped >= sidecarsAtKill - 1 && skipped < CASES, skipped + " skipped after " + sidecarsAtKill + " finished");
        assertTrue(rows.values().stream().allMatch(r -> r.get(1).equals("skipped") || r.get(1).equals("done")));
    }

    private Path newestLog() throws Exception {
        try (var s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().startsWith("log-")).sorted().reduce((x, y) -> y).orElseThrow();
        }
    }

    private static int count(Path dir, String suffix) {
        String[] names = dir.toFile().list();
        int n = 0;
        if (names != null)
            for (String s : names)
                if (s.endsWith(suffix) && !s.startsWith("."))
                    n++;
        return n;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
