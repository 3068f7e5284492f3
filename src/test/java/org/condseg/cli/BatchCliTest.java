package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.condseg.batch.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.FloatProcessor;

/** {@code batch}: good and bad inputs, manifests with prompts, resume, and exit codes. */
class BatchCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    /** A float ramp stack: the identity model's labels are 1 where x/w > 0.5. */
    static void ramp(Path file, int w, int h, int d, long seed) {
        ImageStack stack = new ImageStack(w, h);
        java.util.Random r = new java.util.Random(seed);
        for (int z = 0; z < d; z++) {
            FloatProcessor fp = new FloatProcessor(w, h);
            for (int i = 0; i < w * h; i++)
                fp.setf(i, (i % w) / (float) w + (float) r.nextGaussian() * 0.05f);
            stack.addSlice(fp);
        }
        ImagePlus imp = new ImagePlus(file.getFileName().toString(), stack);
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().pixelDepth = 2;
        imp.getCalibration().setUnit("mm");
        if (d > 1)
            new FileSaver(imp).saveAsTiffStack(file.toString());
        else
            new FileSaver(imp).saveAsTiff(file.toString());
    }

    static Map<String, List<String>> summary(Path csv) throws IOException {
        Map<String, List<String>> rows = new TreeMap<>();
        List<List<String>> all = Csv.parse(Files.readString(csv));
        assertEquals(List.of("case", "status", "error", "seconds", "input", "output", "labels", "voxels", "volumes", "unit"), all.get(0));
        for (List<String> r : all.subList(1, all.size()))
            rows.put(r.get(0), r);
        return rows;
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFolderWithBrokenFilesFinishesTheGoodOnesAndExitsThree() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        ramp(in.resolve("good1.tif"), 40, 24, 1, 1);
        ramp(in.resolve("good2.tif"), 33, 17, 3, 2);
        Files.writeString(in.resolve("junk.tif"), "not a TIFF at all, just some text");
        Files.write(in.resolve("empty.png"), new byte[0]);
        Files.write(in.resolve("cut.nii.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        Path outDir = tmp.resolve("out");
        int code = run("batch", "--model", Fixtures.fixture("identity-2d").toString(), "--input", in.toString(), "--output",
                outDir.toString(), "--jobs", "2");
        assertEquals(3, code, errText());
        assertEquals(List.of("good1-labels.json", "good1-labels.tif", "good2-labels.json", "good2-labels.tif", "summary.csv"),
                names(outDir), "failed cases leave nothing behind");
        Map<String, List<String>> rows = summary(outDir.resolve("summary.csv"));
        assertEquals(List.of("cut", "empty", "good1", "good2", "junk"), List.copyOf(rows.keySet()));
        for (String bad : List.of("cut", "empty", "junk")) {
            assertEquals("failed", rows.get(bad).get(1));
            assertTrue(rows.get(bad).get(2).startsWith(in.resolve(bad).toString()), rows.get(bad).get(2));
            assertEquals("", rows.get(bad).get(5));
        }
        List<String> g2 = rows.get("good2");
        assertEquals("done", g2.get(1));
        assertEquals("1", g2.get(6));
        long voxels = Long.parseLong(g2.get(7).substring(2));
        assertTrue(voxels > 33 * 17 * 3 / 3 && voxels < 33 * 17 * 3 * 2 / 3, g2.toString());
        assertEquals(voxels * 0.5, Double.parseDouble(g2.get(8).substring(2)), 1e-6, "volume in mm3: voxels x 0.5 x 0.5 x 2");
        assertEquals("mm", g2.get(9));
        ImagePlus labels = new Opener().openImage(outDir.resolve("good2-labels.tif").toString());
        assertEquals(3, labels.getStackSize());
        assertEquals(0.5, labels.getCalibration().pixelWidth, 1e-9);
        assertFalse(String.valueOf(labels.getProp("condseg.provenance")).contains("created"), "batch outputs carry no time");
        String sidecar = Files.readString(outDir.resolve("good2-labels.json"));
        assertTrue(sidecar.contains("\"input_sha256\":\"") && sidecar.contains("\"output\":\"good2-labels.tif\""), sidecar);
        assertTrue(errText().contains("[5/5]"), errText());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("2 done, 0 skipped (done before), 3 failed"), out.toString());
    }

    @Test
    void resumeSkipsFinishedCasesAndRedoesChangedOrDamagedOnes() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 4; i++)
            ramp(in.resolve("c" + i + ".tif"), 24, 16, 1, i);
        Path outDir = tmp.resolve("out");
        String model = Fixtures.fixture("identity-2d").toString();
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", outDir.toString()), errText());
        Map<String, byte[]> first = contents(outDir);
        FileTime old = FileTime.fromMillis(1_000_000L);
        for (String n : names(outDir))
            Files.setLastModifiedTime(outDir.resolve(n), old);

        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", outDir.toString(), "--resume"), errText());
        Map<String, List<String>> rows = summary(outDir.resolve("summary.csv"));
        for (List<String> r : rows.values()) {
            assertEquals("skipped", r.get(1));
            assertEquals("1", r.get(6), "labels and volumes come from the sidecar");
        }
        assertEquals(old, Files.getLastModifiedTime(outDir.resolve("c0-labels.tif")), "a skipped case is not rewritten");

        ramp(in.resolve("c1.tif"), 24, 16, 1, 99);                              // a changed input
        Files.write(outDir.resolve("c2-labels.tif"), new byte[] {1, 2, 3});      // a damaged output
        Files.delete(outDir.resolve("c3-labels.json"));                         // killed before its sidecar
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", outDir.toString(), "--resume"), errText());
        rows = summary(outDir.resolve("summary.csv"));
        assertEquals(List.of("skipped", "done", "done", "done"), rows.values().stream().map(r -> r.get(1)).toList());
        Map<String, byte[]> now = contents(outDir);
        for (String n : List.of("c0-labels.tif", "c0-labels.json", "c2-labels.tif", "c2-labels.json", "c3-labels.tif", "c3-labels.json"))
            assertArrayEquals(first.get(n), now.get(n), n + " is the same as in the first run");
        assertFalse(new String(first.get("c1-labels.json")).equals(new String(now.get("c1-labels.json"))), "c1 was redone for its new input");
    }

    @Test
    void aManifestCarriesPromptsPerCaseAndAPromptOutsideItsImageFailsThatCase() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Fixtures.synthetic("case-1-image.tif"), in.resolve("one.tif"));
        Files.copy(Fixtures.synthetic("case-2-image.tif"), in.resolve("two.tif"));
        Files.writeString(tmp.resolve("cases.csv"), """
                case,input,points,boxes,output
                box,in/one.tif,,"47,73,43,47",box.nii.gz
                click,in/one.tif,"62,99",,click.tif
                outside,in/two.tif,"5000,10",,outside.tif
                """);
        Path outDir = tmp.resolve("out");
        int code = run("batch", "--model", Fixtures.model("interactive-2d").toString(), "--input", tmp.resolve("cases.csv").toString(),
                "--output", outDir.toString());
        assertEquals(3, code, errText());
        Map<String, List<String>> rows = summary(outDir.resolve("summary.csv"));
        assertEquals("done", rows.get("box").get(1));
        assertEquals("done", rows.get("click").get(1));
        assertEquals("failed", rows.get("outside").get(1));
        assertTrue(rows.get("outside").get(2).contains("point 5000,10,0 lies outside"), rows.get("outside").get(2));
        assertTrue(Files.exists(outDir.resolve("box.nii.gz")) && Files.exists(outDir.resolve("box.json")));
        assertTrue(Files.readString(outDir.resolve("click.json")).contains("\"prompts\":\"points=62,99,0\""));
        assertFalse(Files.exists(outDir.resolve("outside.tif")));
    }

    @Test
    void usageErrorsExitTwoBeforeAnythingIsWritten() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        ramp(in.resolve("a.tif"), 16, 16, 1, 1);
        String model = Fixtures.fixture("identity-2d").toString();
        assertEquals(2, run("batch", "--model", model, "--input", in.toString(), "--output", in.toString()));
        assertTrue(errText().contains("inputs are never overwritten"), errText());
        Files.writeString(tmp.resolve("m.csv"), "input,output\nin/a.tif," + in.resolve("a.tif") + "\n");
        assertEquals(2, run("batch", "--model", model, "--input", tmp.resolve("m.csv").toString(), "--output", tmp.resolve("o").toString()));
        assertEquals(1, errText().lines().count(), errText());
        assertEquals(2, run("batch", "--model", model, "--input", in.toString(), "--output", tmp.resolve("o").toString(), "--shard", "3/3"));
        assertEquals(2, run("batch", "--model", model, "--input", in.toString(), "--output", tmp.resolve("o").toString(), "--jobs", "0"));
        assertEquals(4, run("batch", "--model", Fixtures.fixture("broken").toString(), "--input", in.toString(), "--output",
                tmp.resolve("o").toString()));
        assertEquals(3, run("batch", "--model", model, "--input", tmp.resolve("nothing").toString(), "--output", tmp.resolve("o").toString()));
        assertFalse(Files.exists(tmp.resolve("o")), "nothing written");
    }

    @Test
    void shardsTogetherDoTheWholeBatchOnce() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 6; i++)
            ramp(in.resolve("s" + i + ".tif"), 16, 16, 1, i);
        Path outDir = tmp.resolve("out");
        int total = 0;
        for (int k = 0; k < 3; k++) {
            assertEquals(0, run("batch", "--model", Fixtures.fixture("identity-2d").toString(), "--input", in.toString(), "--output",
                    outDir.toString(), "--shard", k + "/3"), errText());
            total += summary(outDir.resolve("summary-" + k + "-of-3.csv")).size();
        }
        assertEquals(6, total);
        assertEquals(6, names(outDir).stream().filter(n -> n.endsWith("-labels.tif")).count());
    }

    /** A block of 0.9 in a background of 0.2 (the identity model's labels: the block); a stack where {@code d > 1}. */
    static void block(Path file, int w, int h, int d, int x0, int y0, int bw, int bh) {
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            FloatProcessor fp = new FloatProcessor(w, h);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    fp.setf(x, y, x >= x0 && x < x0 + bw && y >= y0 && y < y0 + bh ? 0.9f : 0.2f);
            stack.addSlice(fp);
        }
        ImagePlus imp = new ImagePlus(file.getFileName().toString(), stack);
        if (d > 1)
            new FileSaver(imp).saveAsTiffStack(file.toString());
        else
            new FileSaver(imp).saveAsTiff(file.toString());
    }

    /**
     * {@code batch --cascade}: the labels equal the plain run's (the object lies inside the coarse pass's
     * region), the provenance records the cascade, resume redoes the cases when the cascade is switched on
     * or its factor changes and skips them otherwise, and a conditioned model is refused (exit 2) before
     * anything is written.
     */
    @Test
    void probabilitiesUncertaintyAndPropagationAsSegmentWritesThem() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        ramp(in.resolve("a.tif"), 24, 16, 1, 3);
        String model = Fixtures.fixture("identity-2d").toString();
        Path out = tmp.resolve("out"), single = tmp.resolve("single");
        Files.createDirectories(single);
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", out.toString(), "--probabilities",
                "--uncertainty"), errText());
        assertEquals(List.of("a-labels-probabilities.tif", "a-labels-uncertainty.tif", "a-labels.json", "a-labels.tif", "summary.csv"),
                names(out));
        assertEquals(0, run("segment", "--model", model, "--input", in.resolve("a.tif").toString(), "--output",
                single.resolve("l.tif").toString(), "--probabilities", single.resolve("p.tif").toString(), "--uncertainty",
                single.resolve("u.tif").toString()), errText());
        for (String[] pair : new String[][] {{"a-labels-probabilities.tif", "p.tif"}, {"a-labels-uncertainty.tif", "u.tif"}}) {
            float[] b = (float[]) new Opener().openImage(out.resolve(pair[0]).toString()).getProcessor().getPixels();
            float[] s = (float[]) new Opener().openImage(single.resolve(pair[1]).toString()).getProcessor().getPixels();
            org.junit.jupiter.api.Assertions.assertArrayEquals(s, b, pair[0]);
        }
        // resume: the extra outputs are part of the request; a missing one redoes the case
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", out.toString(), "--probabilities",
                "--uncertainty", "--resume"), errText());
        assertEquals("skipped", summary(out.resolve("summary.csv")).get("a").get(1));
        Files.delete(out.resolve("a-labels-uncertainty.tif"));
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", out.toString(), "--probabilities",
                "--uncertainty", "--resume"), errText());
        assertEquals("done", summary(out.resolve("summary.csv")).get("a").get(1));
        assertTrue(Files.exists(out.resolve("a-labels-uncertainty.tif")));
        assertEquals(2, run("batch", "--model", model, "--input", in.toString(), "--output", tmp.resolve("x").toString(),
                "--sample-masks"));
        assertTrue(errText().contains("not a generative model"), errText());

        // --propagate: a box on one slice of a stack, as segment --propagate gives it
        Path stacks = Files.createDirectories(tmp.resolve("stacks"));
        block(stacks.resolve("s.tif"), 40, 32, 5, 7, 10, 8, 14);
        String bright = Fixtures.fixture("bright-interactive-2d").toString();
        Path prop = tmp.resolve("prop");
        assertEquals(0, run("batch", "--model", bright, "--input", stacks.toString(), "--output", prop.toString(), "--box",
                "8,6,18,14,2", "--propagate"), errText());
        assertEquals(0, run("segment", "--model", bright, "--input", stacks.resolve("s.tif").toString(), "--output",
                single.resolve("s.tif").toString(), "--box", "8,6,18,14,2", "--propagate"), errText());
        ImagePlus a = new Opener().openImage(prop.resolve("s-labels.tif").toString()), b = new Opener().openImage(single.resolve("s.tif").toString());
        int slicesWithLabels = 0;
        for (int z = 1; z <= 5; z++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals((byte[]) b.getStack().getPixels(z), (byte[]) a.getStack().getPixels(z));
            if (a.getStack().getProcessor(z).getStatistics().max > 0)
                slicesWithLabels++;
        }
        assertTrue(slicesWithLabels > 1, "propagated beyond the box's slice: " + slicesWithLabels);
    }

    @Test
    void cascadeEqualsThePlainRunAndEntersTheResumeDigest() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        block(in.resolve("flat.tif"), 97, 70, 1, 51, 12, 23, 31);
        block(in.resolve("stack.tif"), 66, 59, 4, 7, 30, 17, 20);
        String model = Fixtures.fixture("identity-2d").toString();
        Path plain = tmp.resolve("plain"), cascade = tmp.resolve("cascade");
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", plain.toString()), errText());
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", cascade.toString(), "--cascade"),
                errText());
        for (String c : List.of("flat", "stack")) {
            ImagePlus a = new Opener().openImage(plain.resolve(c + "-labels.tif").toString());
            ImagePlus b = new Opener().openImage(cascade.resolve(c + "-labels.tif").toString());
            assertEquals(a.getStackSize(), b.getStackSize());
            long foreground = 0;
            for (int z = 1; z <= a.getStackSize(); z++)
                for (int i = 0; i < a.getWidth() * a.getHeight(); i++) {
                    assertEquals(a.getStack().getProcessor(z).get(i), b.getStack().getProcessor(z).get(i), c + " voxel " + i + " of " + z);
                    foreground += a.getStack().getProcessor(z).get(i);
                }
            assertEquals(c.equals("flat") ? 23 * 31 : 4 * 17 * 20, foreground, c);
            assertTrue(String.valueOf(b.getProp("condseg.provenance")).contains("\"cascade\":{\"factor\":2,"), c);
            assertFalse(String.valueOf(a.getProp("condseg.provenance")).contains("\"cascade\""), c);
        }

        // resume over the plain run's output: the cascade is part of the request, so every case is redone
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", plain.toString(), "--resume", "--cascade"),
                errText());
        assertEquals(List.of("done", "done"), summary(plain.resolve("summary.csv")).values().stream().map(r -> r.get(1)).toList());
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", plain.toString(), "--resume", "--cascade"),
                errText());
        assertEquals(List.of("skipped", "skipped"), summary(plain.resolve("summary.csv")).values().stream().map(r -> r.get(1)).toList());
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", plain.toString(), "--resume", "--cascade",
                "--cascade-factor", "3"), errText());
        assertEquals(List.of("done", "done"), summary(plain.resolve("summary.csv")).values().stream().map(r -> r.get(1)).toList());
        assertTrue(String.valueOf(new Opener().openImage(plain.resolve("flat-labels.tif").toString()).getProp("condseg.provenance"))
                .contains("\"cascade\":{\"factor\":3,"));
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", plain.toString(), "--resume"), errText());
        assertEquals(List.of("done", "done"), summary(plain.resolve("summary.csv")).values().stream().map(r -> r.get(1)).toList(),
                "dropping the cascade redoes the cases too");

        Path refused = tmp.resolve("refused");
        assertEquals(2, run("batch", "--model", Fixtures.fixture("bright-interactive-2d").toString(), "--input", in.toString(),
                "--output", refused.toString(), "--box", "10,10,20,20", "--cascade"));
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().contains("--cascade is for models without a condition"), errText());
        assertEquals(2, run("batch", "--model", model, "--input", in.toString(), "--output", refused.toString(), "--cascade",
                "--cascade-factor", "1"));
        assertTrue(errText().contains("--cascade-factor 1 is below 2"), errText());
        assertFalse(Files.exists(refused), "nothing written");
    }

    static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        for (String n : names(dir))
            if (!n.startsWith("summary"))
                m.put(n, Files.readAllBytes(dir.resolve(n)));
        return m;
    }
}
