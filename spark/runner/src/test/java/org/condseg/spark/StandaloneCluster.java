package org.condseg.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.launcher.JavaModuleOptions;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A Spark standalone cluster on this machine, as {@code sbin/start-master.sh} and {@code start-worker.sh}
 * start one: a master and workers, each its own JVM running Spark's own classes from a Spark installation
 * ({@code SPARK_HOME}, whose {@code jars/} the workers also put on their executors' class path), all bound
 * to 127.0.0.1. {@link #close()} kills every JVM it started, executors included; a shutdown hook does it
 * too if the test's JVM ends first.
 *
 * <pre>{@code
 * try (StandaloneCluster c = StandaloneCluster.start(sparkHome, dir, 2)) {
 *     c.awaitWorkers(2, Duration.ofSeconds(60));
 *     ... --master c.url() ...
 * }
 * }</pre>
 */
final class StandaloneCluster implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int webUiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final Thread hook = new Thread(this::kill, "kill the Spark cluster");

    private StandaloneCluster(Path dir, int port, int webUiPort, Process master) {
        this.dir = dir;
        this.port = port;
        this.webUiPort = webUiPort;
        this.master = master;
    }

    /** Starts the master and {@code workers} workers of one core and 1 GB each; does not wait for them. */
    static StandaloneCluster start(Path sparkHome, Path dir, int workers) throws IOException {
        Files.createDirectories(dir);
        int[] ports = freePorts(2);
        Process master = daemon(sparkHome, dir, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(ports[0]), "--webui-port", Integer.toString(ports[1]));
        StandaloneCluster c = new StandaloneCluster(dir, ports[0], ports[1], master);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                c.workers.add(daemon(sparkHome, dir, "worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(), c.url()));
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The master's URL, {@code spark://127.0.0.1:PORT}. */
    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** Waits until the master counts {@code n} live workers (its web UI's JSON); fails with the logs when it does not. */
    void awaitWorkers(int n, Duration timeout) throws InterruptedException, IOException {
        long end = System.nanoTime() + timeout.toNanos();
        int alive = -1;
        while (System.nanoTime() < end) {
            if (!master.isAlive() || workers.stream().anyMatch(w -> !w.isAlive()))
                throw new IllegalStateException("a Spark daemon died while starting\n" + logs());
            try (InputStream in = URI.create("http://127.0.0.1:" + webUiPort + "/json/").toURL().openStream()) {
                JsonObject state = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
                alive = state.get("aliveworkers").getAsInt();
                if (alive >= n)
                    return;
            } catch (IOException notYet) {
                // the master's web UI is not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(alive + " of " + n + " workers registered within " + timeout + "\n" + logs());
    }

    /** Worker {@code i}'s folder, where it runs its executors ({@code app-…/ID/stderr}). */
    Path workDir(int i) {
        return dir.resolve("worker-" + i);
    }

    /** Whether an executor of worker {@code i} has logged that it runs a task. */
    boolean runningTask(int i) throws IOException {
        try (Stream<Path> s = Files.walk(workDir(i), 3)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList())
                if (Files.readString(p, StandardCharsets.ISO_8859_1).contains("Running task"))
                    return true;
        }
        return false;
    }

    /** The command lines worker {@code i} started its executors with (the first line of each one's stderr). */
    List<String> executorCommands(int i) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(workDir(i), 3)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList())
                try (Stream<String> lines = Files.lines(p, StandardCharsets.ISO_8859_1)) {
                    lines.findFirst().ifPresent(out::add);
                }
        }
        return out;
    }

    /** Whether an executor of worker {@code i} has run a second attempt of a task (one lost elsewhere). */
    boolean reranTask(int i) throws IOException {
        java.util.regex.Pattern retry = java.util.regex.Pattern.compile("Running task [0-9]+\\.[1-9]");
        try (Stream<Path> s = Files.walk(workDir(i), 3)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList())
                if (retry.matcher(Files.readString(p, StandardCharsets.ISO_8859_1)).find())
                    return true;
        }
        return false;
    }

    /** Kills worker {@code i} and its executors at once (SIGKILL), as a machine that goes away. */
    void killWorker(int i) throws InterruptedException {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
        w.waitFor();
    }

    /** The last lines of the daemons' logs and of their executors' standard error. */
    String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".log") || p.getFileName().toString().equals("stderr")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
                b.append("--- ").append(dir.relativize(p)).append('\n');
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void kill() {
        List<Process> all = new ArrayList<>(workers);
        all.add(master);
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all)
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
    }

    /**
     * A Spark daemon as {@code bin/spark-class} starts it: Spark's jars on the class path (as a wildcard,
     * keeping the command line short), the options Java 17 needs, {@code SPARK_HOME} and
     * {@code SPARK_LOCAL_IP} and {@code SPARK_SCALA_VERSION} set; its output in {@code dir/NAME.log}.
     */
    private static Process daemon(Path home, Path dir, String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                // short-lived daemons on a busy machine: the quick compiler and one GC thread spare the CPU for the job
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", home.resolve("jars") + "/*"));
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        for (String k : List.of("CLASSPATH", "SPARK_CLASSPATH", "SPARK_DIST_CLASSPATH", "HADOOP_CONF_DIR", "YARN_CONF_DIR", "SPARK_CONF_DIR"))
            env.remove(k);
        env.put("SPARK_HOME", home.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        // what bin/load-spark-env.sh exports in an installation; without it the workers' launcher looks for build folders
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
        env.put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets)
                if (s != null)
                    s.close();
        }
        return ports;
    }
}
