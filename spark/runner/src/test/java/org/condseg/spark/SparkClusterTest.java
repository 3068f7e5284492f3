package org.condseg.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar condseg-spark.jar --master spark://…} as users run it, against a Spark standalone
 * cluster started from Spark's own classes: a master and two workers, each its own JVM, whose Spark
 * installation ({@code target/spark-home}, made by the root pom from Maven's Spark jars) holds nothing
 * of CondSeg, so the executors can only run the cases from the jar the runner ships them. One worker is
 * killed with its executor while it runs a task; the job still ends with label images and sidecars
 * byte-identical to {@code batch}'s, and a rerun with {@code --resume} skips every case and changes no byte.
 */
class SparkClusterTest {

    @TempDir
    Path tmp;

    static Path sparkHome() {
        return SparkBatchTest.repo().resolve("target/spark-home");
    }

    @Test
    void aStandaloneClusterWritesWhatBatchWritesThoughAWorkerIsLost() throws Exception {
        Path home = sparkHome();
        if (!Files.isDirectory(home.resolve("jars")))
            fail(home.resolve("jars") + " is missing: Maven makes it (generate-test-resources); run the test with mvn");
        assertNoCondSeg(home.resolve("jars"));
        try (StandaloneCluster cluster = StandaloneCluster.start(home, tmp.resolve("cluster"), 2)) {
            // while the cluster's JVMs start: the jar, the cases and batch's answer
            long t0 = System.nanoTime();
            Path jar;
            if (System.getProperty("condseg.spark.jar") != null) {
                jar = Path.of(System.getProperty("condseg.spark.jar")).toAbsolutePath();
                assertTrue(Files.isRegularFile(jar), jar + " is missing: mvn -B -f spark/pom.xml package -DskipTests");
            } else {
                jar = RunnerJar.assemble(SparkBatchTest.repo(), coreRuntime(), home.resolve("jars"),
                        SparkBatchTest.repo().resolve("target/spark-cluster/condseg-spark.jar"));
            }
            System.out.printf("SparkClusterTest: %s ready in %.1f s (%d MB)%n", jar, (System.nanoTime() - t0) / 1e9, Files.size(jar) >> 20);
            Path manifest = manifest(24);
            String model = SparkBatchTest.repo().resolve("models/interactive-2d").toString();
            Path batch = tmp.resolve("batch"), out = tmp.resolve("cluster-out");
            // batch from the same packaged core, whose provenance names its version (the class folders' says "dev")
            Path batchLog = tmp.resolve("batch.log");
            Process b = java(jar, batchLog, "-cp", jar.toString(), "org.condseg.cli.Main", "batch", "--model", model, "--input",
                    manifest.toString(), "--output", batch.toString());
            assertTrue(b.waitFor(120, TimeUnit.SECONDS), "batch did not finish\n" + tail(batchLog));
            assertEquals(0, b.exitValue(), "batch's exit code\n" + tail(batchLog));
            cluster.awaitWorkers(2, Duration.ofSeconds(90));

            // the job; worker 1 and its executor are killed while that executor runs a task
            long t1 = System.nanoTime();
            Path log = tmp.resolve("driver-1.log");
            // paths relative to the driver's working folder, which the executors' is not: the runner makes them absolute
            Process driver = driver(jar, log, "--master", cluster.url(), "--model", model, "--input", "study/cases.csv", "--output",
                    "cluster-out");
            boolean killed = false;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (driver.isAlive() && System.nanoTime() < end) {
                if (!killed && cluster.runningTask(1)) {
                    cluster.killWorker(1);
                    killed = true;
                }
                Thread.sleep(50);
            }
            int code = finish(driver, log, cluster);
            System.out.printf("SparkClusterTest: the job took %.1f s%n", (System.nanoTime() - t1) / 1e9);
            assertEquals(0, code, "exit code\n" + tail(log) + cluster.logs());
            assertTrue(killed, "worker 1's executor never ran a task, so nothing was lost\n" + tail(log) + cluster.logs());
            String driverLog = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertTrue(driverLog.contains("Lost executor"), "the driver saw the executor go\n" + tail(log));
            assertTrue(cluster.reranTask(0), "the lost task ran again on worker 0\n" + cluster.logs());
            // Java 17: Spark itself gave the executors the options it needs (the driver adds them to their Java options)
            assertTrue(cluster.executorCommands(0).stream().allMatch(c -> c.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")),
                    cluster.executorCommands(0).toString());
            SparkBatchTest.assertSameFiles(batch, out);
            // the summary names outputs as --output gave them
            assertEquals(SparkBatchTest.summary(batch, batch), SparkBatchTest.summary(out, Path.of("cluster-out")));

            // resume on what is left of the cluster: nothing runs again, nothing changes
            Map<String, byte[]> before = SparkBatchTest.contents(out);
            Path log2 = tmp.resolve("driver-2.log");
            Process again = driver(jar, log2, "--master", cluster.url(), "--model", model, "--input", "study/cases.csv", "--output",
                    "cluster-out", "--resume");
            again.waitFor(240, TimeUnit.SECONDS);
            assertEquals(0, finish(again, log2, cluster), "exit code\n" + tail(log2) + cluster.logs());
            Map<String, List<String>> rows = SparkBatchTest.summary(out, out);
            assertEquals(24, rows.values().stream().filter(r -> r.get(1).equals("skipped")).count(), rows.toString());
            SparkBatchTest.assertContentsEqual(before, SparkBatchTest.contents(out));
        }
    }

    /** The driver, as users start it: {@code java -jar condseg-spark.jar}, with {@code SPARK_LOCAL_IP} the workers reach. */
    private Process driver(Path jar, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        // small executors on the two 1 GB workers, started as the daemons are (short-lived, on a busy machine); no web UI
        cmd.addAll(List.of("--conf", "spark.executor.memory=512m", "--conf",
                "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", "--conf", "spark.ui.enabled=false"));
        return java(jar, log, cmd.toArray(String[]::new));
    }

    /** A JVM in the test's folder with its output in {@code log}. */
    private Process java(Path jar, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("CLASSPATH");
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    private static int finish(Process p, Path log, StandaloneCluster cluster) throws Exception {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            fail("the driver did not finish in time\n" + tail(log) + cluster.logs());
        }
        return p.exitValue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return "--- driver\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
    }

    /** The core's runtime jars, listed by the root pom (build-classpath, generate-test-resources). */
    private static List<Path> coreRuntime() throws IOException {
        Path list = SparkBatchTest.repo().resolve("target/core-runtime.classpath");
        List<Path> jars = new ArrayList<>();
        for (String s : Files.readString(list).strip().split(File.pathSeparator))
            jars.add(Path.of(s));
        return jars;
    }

    /** The Spark installation knows nothing of CondSeg, nor of the libraries only CondSeg brings. */
    private static void assertNoCondSeg(Path jars) throws IOException {
        try (Stream<Path> s = Files.list(jars)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jar")).toList())
                try (JarFile j = new JarFile(p.toFile())) {
                    for (String pkg : List.of("org/condseg/", "ai/djl/", "ai/onnxruntime/", "picocli/"))
                        assertTrue(j.stream().noneMatch(e -> e.getName().startsWith(pkg)), p + " holds " + pkg);
                }
        }
    }

    /** {@code n} unseen disc images for the shipped interactive model, each with its click, clicks or box. */
    private Path manifest(int n) throws IOException {
        Path scans = Files.createDirectories(tmp.resolve("study/scans"));
        StringBuilder csv = new StringBuilder("case,input,points,boxes\n");
        Random r = new Random(7);
        for (int i = 0; i < n; i++) {
            int w = 81 + r.nextInt(60), h = 73 + r.nextInt(60), cx = 24 + r.nextInt(w - 48), cy = 24 + r.nextInt(h - 48), rad = 8 + r.nextInt(12);
            SparkBatchTest.disc(scans.resolve("s" + i + ".tif"), w, h, cx, cy, rad, 100 + i);
            String prompt = switch (i % 3) {
                case 0 -> "\"" + cx + "," + cy + "\",";
                case 1 -> ",\"" + (cx - rad - 2) + "," + (cy - rad - 2) + "," + (2 * rad + 4) + "," + (2 * rad + 4) + "\"";
                default -> "\"" + cx + "," + cy + ";" + (cx + 2) + "," + cy + "\",";
            };
            csv.append("c").append(i).append(",scans/s").append(i).append(".tif,").append(prompt).append('\n');
        }
        Path m = tmp.resolve("study/cases.csv");
        Files.writeString(m, csv.toString());
        return m;
    }
}
