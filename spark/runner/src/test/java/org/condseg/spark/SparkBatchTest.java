package org.condseg.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.condseg.batch.Csv;
import org.condseg.batch.Shard;
import org.condseg.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

/**
 * The Spark runner in local mode against {@code batch} on the same unseen cases: the same label images
 * and sidecars byte for byte, the same summary but for its times, the same exit code; resume; files
 * reached through Hadoop's file system API; every case in exactly one partition.
 */
class SparkBatchTest {

    @TempDir
    Path tmp;

    static Path repo() {
        return Path.of(System.getProperty("condseg.repo", ".")).toAbsolutePath().normalize();
    }

    static int spark(String... args) {
        List<String> all = new ArrayList<>(List.of("--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2"));
        all.addAll(List.of(args));
        return SparkBatch.run(all.toArray(String[]::new));
    }

    /** A 8-bit image with a bright disc of radius r at (cx, cy) on seeded noise, calibrated 0.8 mm. */
    static void disc(Path file, int w, int h, int cx, int cy, int r, long seed) {
        ByteProcessor bp = new ByteProcessor(w, h);
        Random rnd = new Random(seed);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                bp.set(x, y, ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r ? 180 : 40) + rnd.nextInt(20));
        ImagePlus imp = new ImagePlus(file.getFileName().toString(), bp);
        imp.getCalibration().pixelWidth = 0.8;
        imp.getCalibration().pixelHeight = 0.8;
        imp.getCalibration().setUnit("mm");
        new FileSaver(imp).saveAsTiff(file.toString());
    }

    /** A float ramp: the identity model's labels are 1 where x/w > 0.5. */
    static void ramp(Path file, int w, int h, long seed) {
        FloatProcessor fp = new FloatProcessor(w, h);
        Random r = new Random(seed);
        for (int i = 0; i < w * h; i++)
            fp.setf(i, (i % w) / (float) w + (float) r.nextGaussian() * 0.05f);
        new FileSaver(new ImagePlus(file.getFileName().toString(), fp)).saveAsTiff(file.toString());
    }

    /** A manifest of unseen cases for the shipped interactive model: clicks, boxes, defaults, and one missing input. */
    Path manifest() throws IOException {
        Path scans = Files.createDirectories(tmp.resolve("study/scans"));
        StringBuilder csv = new StringBuilder("case,input,points,negative_points,boxes,output\n");
        Random r = new Random(42);
        for (int i = 0; i < 7; i++) {
            int w = 61 + r.nextInt(40), h = 53 + r.nextInt(40), cx = 20 + r.nextInt(w - 40), cy = 20 + r.nextInt(h - 40), rad = 8 + r.nextInt(8);
            disc(scans.resolve("s" + i + ".tif"), w, h, cx, cy, rad, i);
            String prompt = switch (i % 3) {
                case 0 -> "\"" + cx + "," + cy + "\",,,";
                case 1 -> ",,\"" + (cx - rad - 2) + "," + (cy - rad - 2) + "," + (2 * rad + 4) + "," + (2 * rad + 4) + "\",";
                default -> "\"" + cx + "," + cy + ";" + (cx + 2) + "," + cy + "\",\"2,2\",,";
            };
            csv.append("p").append(i).append(",scans/s").append(i).append(".tif,").append(prompt)
                    .append(i == 4 ? "p4-named.tif" : "").append('\n');
        }
        csv.append("gone,scans/missing.tif,\"10,10\",,,\n");
        Path m = tmp.resolve("study/cases.csv");
        Files.writeString(m, csv.toString());
        return m;
    }

    @Test
    void localModeWritesWhatBatchWritesByteForByte() throws Exception {
        Path m = manifest();
        String model = repo().resolve("models/interactive-2d").toString();
        Path batch = tmp.resolve("batch"), spark = tmp.resolve("spark");
        int batchCode = Main.run("batch", "--model", model, "--input", m.toString(), "--output", batch.toString(), "--box", "5,5,30,30");
        int sparkCode = spark("--master", "local[2]", "--model", model, "--input", m.toString(), "--output", spark.toString(),
                "--box", "5,5,30,30");
        assertEquals(3, batchCode, "one input is missing");
        assertEquals(batchCode, sparkCode);
        assertSameFiles(batch, spark);
        assertEquals(summary(batch, batch), summary(spark, spark));
        Map<String, List<String>> rows = summary(spark, spark);
        assertEquals(8, rows.size());
        assertEquals("failed", rows.get("gone").get(1));
        assertTrue(rows.values().stream().filter(r -> r.get(6).equals("1")).count() >= 6, "the discs were found: " + rows);
        assertTrue(rows.get("gone").get(2).contains("missing.tif"), rows.get("gone").toString());

        // resume: every finished case is skipped, nothing changes
        Map<String, byte[]> before = contents(spark);
        assertEquals(3, spark("--master", "local[1]", "--model", model, "--input", m.toString(), "--output", spark.toString(),
                "--box", "5,5,30,30", "--resume"));
        rows = summary(spark, spark);
        assertEquals(7, rows.values().stream().filter(r -> r.get(1).equals("skipped")).count(), rows.toString());
        assertContentsEqual(before, contents(spark));
    }

    @Test
    void filesThroughHadoopsFileSystemComeOutTheSame() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 5; i++)
            ramp(in.resolve("r" + i + ".tif"), 17 + 3 * i, 13 + i, i);
        Files.write(in.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 1, 2});
        String model = repo().resolve("test-data/fixtures/identity-2d").toString();
        Path batch = tmp.resolve("batch"), spark = tmp.resolve("spark");
        assertEquals(3, Main.run("batch", "--model", model, "--input", in.toString(), "--output", batch.toString()));
        assertEquals(3, spark("--master", "local[2]", "--model", model, "--input", in.toUri().toString(), "--output",
                spark.toUri().toString()));
        Map<String, byte[]> b = contents(batch), s = contents(spark);
        assertEquals(b.keySet(), s.keySet());
        for (String name : b.keySet()) {
            if (name.endsWith(".json")) {
                // the sidecar names the input as it was given: a path to batch, a URI to Spark
                String bj = new String(b.get(name)), sj = new String(s.get(name));
                String file = name.replace("-labels.json", ".tif");
                assertEquals(bj.replace("\"input\":\"" + in.resolve(file) + "\"", "\"input\":\"" + in.toUri().resolve(file) + "\""),
                        sj.replace("file:///", "file:/"));
            } else {
                assertArrayEquals(b.get(name), s.get(name), name);
            }
        }
        Map<String, List<String>> rows = summary(spark, spark);
        assertEquals(6, rows.size());
        assertEquals("failed", rows.get("broken").get(1));
        assertTrue(rows.get("broken").get(2).startsWith("file:"), "named by its URI: " + rows.get("broken"));
        try (Stream<Path> left = Files.list(spark)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary or checksum files left");
        }
        assertEquals(0 + 3, spark("--master", "local[1]", "--model", model, "--input", in.toUri().toString(), "--output",
                spark.toUri().toString(), "--resume"));
        assertEquals(5, summary(spark, spark).values().stream().filter(r -> r.get(1).equals("skipped")).count());
    }

    /** {@code --cascade} as {@code batch} runs it: the same files; a conditioned model refused (exit 2) before Spark starts. */
    @Test
    void probabilitiesAndUncertaintyAsBatchWritesThem() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 2; i++)
            ramp(in.resolve("r" + i + ".tif"), 30 + 5 * i, 21 + i, i);
        String model = repo().resolve("test-data/fixtures/identity-2d").toString();
        Path batch = tmp.resolve("batch"), spark = tmp.resolve("spark");
        assertEquals(0, Main.run("batch", "--model", model, "--input", in.toString(), "--output", batch.toString(), "--probabilities",
                "--uncertainty"));
        assertEquals(0, spark("--master", "local[2]", "--model", model, "--input", in.toString(), "--output", spark.toString(),
                "--probabilities", "--uncertainty"));
        assertSameFiles(batch, spark);
        assertTrue(Files.exists(spark.resolve("r1-labels-uncertainty.tif")));
    }

    /**
     * A manifest's {@code channels} column: a multi-modal model's second input per case (mean-2ch-2d,
     * whose labels are where the mean of the two channels passes 0.5), run by {@code batch} and by Spark
     * to the same files; changing a channel file makes {@code --resume} run its case again.
     */
    @Test
    void manifestChannelsAreTheCasesFurtherInputs() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 2; i++) {
            ramp(in.resolve("a" + i + ".tif"), 30, 20, i);
            ramp(in.resolve("b" + i + ".tif"), 30, 20, 10 + i);
        }
        Path manifest = tmp.resolve("cases.csv");
        Files.writeString(manifest, "case,input,channels\nc0,in/a0.tif,in/b0.tif\nc1,in/a1.tif,in/b1.tif\n");
        String model = repo().resolve("test-data/fixtures/mean-2ch-2d").toString();
        Path batch = tmp.resolve("batch"), spark = tmp.resolve("spark");
        assertEquals(0, Main.run("batch", "--model", model, "--input", manifest.toString(), "--output", batch.toString()));
        assertEquals(0, spark("--master", "local[2]", "--model", model, "--input", manifest.toString(), "--output", spark.toString()));
        assertSameFiles(batch, spark);
        assertTrue(Files.exists(batch.resolve("c1-labels.tif")));
        // without its second channel the model refuses the case (exit 3 for the batch: a case failed)
        Files.writeString(manifest, "case,input\nc0,in/a0.tif\n");
        assertEquals(3, Main.run("batch", "--model", model, "--input", manifest.toString(), "--output", tmp.resolve("one").toString()));
        // a changed channel reruns its case on --resume, the other is skipped
        Files.writeString(manifest, "case,input,channels\nc0,in/a0.tif,in/b0.tif\nc1,in/a1.tif,in/b1.tif\n");
        ramp(in.resolve("b1.tif"), 30, 20, 99);
        assertEquals(0, Main.run("batch", "--model", model, "--input", manifest.toString(), "--output", batch.toString(), "--resume"));
        var rows = summary(batch, batch);
        assertEquals("skipped", rows.get("c0").get(1), rows.toString());
        assertEquals("done", rows.get("c1").get(1), rows.toString());
    }

    @Test
    void cascadeWritesWhatBatchCascadeWrites() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 3; i++)
            ramp(in.resolve("r" + i + ".tif"), 40 + 5 * i, 31 + i, i);
        String model = repo().resolve("test-data/fixtures/identity-2d").toString();
        Path batch = tmp.resolve("batch"), spark = tmp.resolve("spark");
        assertEquals(0, Main.run("batch", "--model", model, "--input", in.toString(), "--output", batch.toString(), "--cascade",
                "--cascade-factor", "3"));
        assertEquals(0, spark("--master", "local[2]", "--model", model, "--input", in.toString(), "--output", spark.toString(),
                "--cascade", "--cascade-factor", "3"));
        assertSameFiles(batch, spark);
        assertTrue(Files.readString(spark.resolve("r0-labels.json")).contains("cascade"), "the provenance records the cascade");
        assertEquals(2, spark("--master", "local[1]", "--model", repo().resolve("models/interactive-2d").toString(), "--input",
                in.toString(), "--output", tmp.resolve("refused").toString(), "--box", "2,2,9,9", "--cascade"));
        assertTrue(Files.notExists(tmp.resolve("refused")));
    }

    /** {@code --refine} as {@code batch} runs it: the same files; a bad step refused (exit 2) before Spark starts. */
    @Test
    void refineWritesWhatBatchRefineWrites() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 3; i++)
            ramp(in.resolve("r" + i + ".tif"), 40 + 5 * i, 31 + i, i);
        String model = repo().resolve("test-data/fixtures/identity-2d").toString();
        Path batch = tmp.resolve("batch"), spark = tmp.resolve("spark");
        String steps = "fill-holes,largest,open:1px";
        assertEquals(0, Main.run("batch", "--model", model, "--input", in.toString(), "--output", batch.toString(), "--refine", steps));
        assertEquals(0, spark("--master", "local[2]", "--model", model, "--input", in.toString(), "--output", spark.toString(),
                "--refine", steps));
        assertSameFiles(batch, spark);
        assertTrue(Files.readString(spark.resolve("r0-labels.json")).contains("refine"), "the provenance records the steps");
        assertEquals(2, spark("--master", "local[1]", "--model", model, "--input", in.toString(), "--output",
                tmp.resolve("refused").toString(), "--refine", "opne:1px"));
        assertTrue(Files.notExists(tmp.resolve("refused")));
    }

    @Test
    void everyCaseRunsInExactlyOnePartitionTheShardOfItsId() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 11; i++)
            ramp(in.resolve("c" + i + ".tif"), 16, 16, i);
        String model = repo().resolve("test-data/fixtures/identity-2d").toString();
        Path out = tmp.resolve("out");
        assertEquals(0, spark("--master", "local[2]", "--partitions", "4", "--model", model, "--input", in.toString(), "--output",
                out.toString()));
        Map<String, List<String>> rows = summary(out, out);
        assertEquals(11, rows.size());
        assertTrue(rows.values().stream().allMatch(r -> r.get(1).equals("done")), rows.toString());
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < 4; k++)
            for (String id : rows.keySet())
                if (Shard.partOf(id, 4) == k)
                    assertTrue(seen.add(id), id);
        assertEquals(rows.keySet(), seen);
        assertEquals(11, Files.list(out).filter(p -> p.toString().endsWith("-labels.tif")).count());
    }

    /** Summary rows by case, without the seconds column and with the output folder's name made neutral. */
    static Map<String, List<String>> summary(Path dir, Path outputDir) throws IOException {
        Map<String, List<String>> rows = new TreeMap<>();
        List<List<String>> all = Csv.parse(Files.readString(dir.resolve("summary.csv")));
        assertEquals(List.of("case", "status", "error", "seconds", "input", "output", "labels", "voxels", "volumes", "unit"), all.get(0));
        for (List<String> r : all.subList(1, all.size())) {
            if (r.size() == 1 && r.get(0).isEmpty())
                continue;
            List<String> row = new ArrayList<>(r);
            row.set(3, "");
            row.set(5, row.get(5).replace(outputDir.toString(), "OUT"));
            rows.put(row.get(0), row);
        }
        return rows;
    }

    static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList())
                if (!p.getFileName().toString().startsWith("summary"))
                    m.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return m;
    }

    static void assertSameFiles(Path a, Path b) throws IOException {
        assertContentsEqual(contents(a), contents(b));
    }

    static void assertContentsEqual(Map<String, byte[]> a, Map<String, byte[]> b) {
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.keySet().stream().anyMatch(n -> n.endsWith(".json")), "sidecars written: " + a.keySet());
        for (String n : a.keySet())
            assertArrayEquals(a.get(n), b.get(n), n);
    }
}
