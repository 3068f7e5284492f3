package org.condseg.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * {@code condseg-spark.jar} as {@code spark/runner/pom.xml}'s shade configuration makes it, assembled from
 * this build's classes for tests that run the jar as users do ({@code java -jar condseg-spark.jar}): the
 * root suite stops before the package phase, so it never has the shaded jar itself. The same contents in
 * the same order (the runner, the core without {@code plugins.config}, the core's runtime jars, then
 * Spark's), the first of duplicate entries kept, signatures and {@code module-info} left out (and the log4j
 * 1.x bridge's plugin cache), service files merged, and the manifest's main class, version and {@code Add-Opens} read from that pom. Entries of the
 * dependency jars are copied as they are stored, without inflating them.
 */
final class RunnerJar {

    /** 2026-01-01: the time of the entries the jar writes itself (those copied keep theirs). */
    private static final long FIXED_TIME = 1_767_225_600_000L;

    /** log4j's plugin cache, which the runner's pom takes from log4j-core only. */
    private static final String LOG4J_PLUGINS = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

    private RunnerJar() {
    }

    /**
     * Writes the jar.
     *
     * @param repo the repository (its {@code spark/runner} sources name the runner's classes)
     * @param coreRuntime the core's runtime jars in class-path order
     * @param sparkJars a Spark installation's {@code jars/} folder
     */
    static Path assemble(Path repo, List<Path> coreRuntime, Path sparkJars, Path out) throws IOException {
        Path runnerSources = repo.resolve("spark/runner/src/main/java/org/condseg/spark");
        Set<String> runnerClasses = new HashSet<>();
        try (Stream<Path> s = Files.list(runnerSources)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> runnerClasses.add(n.substring(0, n.length() - ".java".length())));
        }
        String pom = Files.readString(repo.resolve("spark/runner/pom.xml"));
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, element(pom, "mainClass"));
        main.putValue("Implementation-Title", element(pom, "Implementation-Title"));
        // the version the provenance records (condseg_version), ${project.version} in the pom
        Matcher version = Pattern.compile("<artifactId>condseg-spark</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        if (!version.find())
            throw new IllegalStateException("spark/runner/pom.xml has no version");
        main.putValue("Implementation-Version", version.group(1));
        main.putValue("Multi-Release", element(pom, "Multi-Release"));
        main.putValue("Add-Opens", element(pom, "Add-Opens"));

        Files.createDirectories(out.getParent());
        Path part = out.resolveSibling("." + out.getFileName() + ".part");
        Set<String> written = new HashSet<>();
        Map<String, Set<String>> services = new LinkedHashMap<>();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(part), 1 << 20))) {
            ByteArrayOutputStream mf = new ByteArrayOutputStream();
            manifest.write(mf);
            written.add("META-INF/");
            put(zip, "META-INF/", null);
            written.add("META-INF/MANIFEST.MF");
            put(zip, "META-INF/MANIFEST.MF", mf.toByteArray());
            // the runner: its main classes (the root build compiles them beside the tests) and resources
            Path runner = codeSource(SparkBatch.class);
            addTree(zip, runner, written, services, rel -> {
                if (!rel.startsWith("org/condseg/spark/") || !rel.endsWith(".class"))
                    return false;
                String name = rel.substring("org/condseg/spark/".length(), rel.length() - ".class".length());
                int dollar = name.indexOf('$');
                return !name.contains("/") && runnerClasses.contains(dollar < 0 ? name : name.substring(0, dollar));
            });
            addTree(zip, repo.resolve("spark/runner/src/main/resources"), written, services, rel -> true);
            Path core = codeSource(org.condseg.cli.Main.class);
            if (Files.isDirectory(core))
                addTree(zip, core, written, services, rel -> !rel.equals("plugins.config"));
            else
                addJar(zip, core, written, services, rel -> !rel.equals("plugins.config"));
            List<Path> jars = new ArrayList<>(coreRuntime);
            // Spark's jars in the order Maven resolved them (this JVM's class path), as the shade plugin takes them:
            // where two hold the same entry (log4j's plugin cache, for one) the first wins
            List<Path> spark;
            try (Stream<Path> s = Files.list(sparkJars)) {
                spark = new ArrayList<>(s.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
            }
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                String name = Path.of(entry).getFileName().toString();
                spark.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst().ifPresent(p -> {
                    jars.add(p);
                    spark.remove(p);
                });
            }
            jars.addAll(spark);
            Set<String> names = new HashSet<>();
            for (Path jar : jars)
                // one jar per file name; slf4j-nop is the core's SLF4J provider, which the runner leaves out for Spark's
                if (names.add(jar.getFileName().toString()) && !jar.getFileName().toString().startsWith("slf4j-nop-"))
                    addJar(zip, jar, written, services, jar.getFileName().toString().startsWith("log4j-1.2-api-")
                            ? rel -> !rel.equals(LOG4J_PLUGINS) : rel -> true);
            for (Map.Entry<String, Set<String>> e : services.entrySet())
                put(zip, e.getKey(), (String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.move(part, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** The class folder or jar a class was loaded from. */
    static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String element(String pom, String name) {
        Matcher m = Pattern.compile("<" + name + ">\\s*([^<]*?)\\s*</" + name + ">").matcher(pom);
        if (!m.find())
            throw new IllegalStateException("spark/runner/pom.xml has no <" + name + ">");
        return m.group(1);
    }

    /** What the shade configuration filters out of every artifact, and what the jar writes itself. */
    private static boolean dropped(String rel) {
        String upper = rel.toUpperCase(java.util.Locale.ROOT);
        return rel.equals("META-INF/MANIFEST.MF") || rel.equals("META-INF/INDEX.LIST") || rel.equals("module-info.class")
                || rel.matches("META-INF/versions/[0-9]+/module-info\\.class")
                || (upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
                        && (upper.endsWith(".SF") || upper.endsWith(".DSA") || upper.endsWith(".RSA")));
    }

    private static boolean service(String rel) {
        return rel.startsWith("META-INF/services/") && rel.length() > "META-INF/services/".length() && !rel.endsWith("/");
    }

    private static void addTree(ZipArchiveOutputStream zip, Path dir, Set<String> written, Map<String, Set<String>> services,
            java.util.function.Predicate<String> keep) throws IOException {
        if (!Files.isDirectory(dir))
            return;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            if (!keep.test(rel) || dropped(rel))
                continue;
            if (service(rel)) {
                merge(services, rel, Files.readAllBytes(f));
                continue;
            }
            for (int slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1))
                if (written.add(rel.substring(0, slash + 1)))
                    put(zip, rel.substring(0, slash + 1), null);
            if (written.add(rel))
                put(zip, rel, Files.readAllBytes(f));
        }
    }

    @SuppressWarnings("deprecation") // ZipFile(File): the runner module's commons-compress may predate ZipFile.builder()
    private static void addJar(ZipArchiveOutputStream zip, Path jar, Set<String> written, Map<String, Set<String>> services,
            java.util.function.Predicate<String> keep) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile())) {
            for (ZipArchiveEntry e : java.util.Collections.list(in.getEntriesInPhysicalOrder())) {
                String rel = e.getName();
                if (!keep.test(rel) || dropped(rel))
                    continue;
                if (service(rel)) {
                    try (InputStream s = in.getInputStream(e)) {
                        merge(services, rel, s.readAllBytes());
                    }
                    continue;
                }
                if (!written.add(rel))
                    continue;
                ZipArchiveEntry copy = new ZipArchiveEntry(rel);
                copy.setMethod(e.getMethod());
                copy.setCrc(e.getCrc());
                copy.setSize(e.getSize());
                copy.setCompressedSize(e.getCompressedSize());
                copy.setTime(e.getTime());
                try (InputStream raw = in.getRawInputStream(e)) {
                    zip.addRawArchiveEntry(copy, raw);
                }
            }
        }
    }

    private static void merge(Map<String, Set<String>> services, String rel, byte[] content) {
        Set<String> lines = services.computeIfAbsent(rel, k -> new LinkedHashSet<>());
        for (String line : new String(content, StandardCharsets.UTF_8).split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#"))
                lines.add(t);
        }
    }

    private static void put(ZipArchiveOutputStream zip, String name, byte[] content) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        e.setTime(FIXED_TIME);
        zip.putArchiveEntry(e);
        if (content != null) {
            OutputStream o = zip;
            o.write(content);
        }
        zip.closeArchiveEntry();
    }
}
