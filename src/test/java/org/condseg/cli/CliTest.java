package org.condseg.cli;

import java.util.List;

import ij.process.ByteProcessor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.FloatProcessor;

/** The command line's exit codes, one-line errors and outputs. */
class CliTest extends CapturedCli {

    @TempDir
    Path tmp;

    Path image;

    @BeforeEach
    void writeImage() {
        FloatProcessor fp = new FloatProcessor(40, 30);
        for (int i = 0; i < 40 * 30; i++)
            fp.setf(i, (i % 40) / 40f);
        ImagePlus imp = new ImagePlus("ramp", fp);
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.25;
        imp.getCalibration().setUnit("mm");
        image = tmp.resolve("ramp.tif");
        new FileSaver(imp).saveAsTiff(image.toString());
    }

    @Test
    void segmentsWithAModelFolderAndKeepsTheCalibration() {
        Path output = tmp.resolve("out/ramp-labels.tif");
        int code = run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", image.toString(),
                "--output", output.toString());
        assertEquals(0, code, errText());
        ImagePlus labels = new Opener().openImage(output.toString());
        assertEquals(8, labels.getBitDepth());
        assertEquals(0.5, labels.getCalibration().pixelWidth, 1e-9);
        assertEquals("mm", labels.getCalibration().getUnit());
        assertEquals(0, labels.getProcessor().get(10, 5));
        assertEquals(1, labels.getProcessor().get(30, 5));
        assertTrue(String.valueOf(labels.getProp("condseg.provenance")).contains("identity-2d"));
        try (var s = Files.list(output.getParent())) {
            assertEquals(1, s.count(), "no temporary files left behind");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMissingModelExitsFourWithOneLineAndNoOutput() {
        Path output = tmp.resolve("labels.tif");
        int code = run("segment", "--model", "no-such-model", "--models", tmp.toString(), "--input", image.toString(),
                "--output", output.toString(), "--point", "3,4");
        assertEquals(4, code);
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().startsWith("condseg: error: no-such-model: "), errText());
        assertFalse(Files.exists(output));
    }

    @Test
    void aBrokenModelExitsFour() {
        int code = run("segment", "--model", Fixtures.fixture("broken").toString(), "--input", image.toString(),
                "--output", tmp.resolve("l.tif").toString());
        assertEquals(4, code, errText());
        assertTrue(errText().contains("do not load"), errText());
    }

    @Test
    void badInputExitsThree() throws Exception {
        Path junk = tmp.resolve("junk.tif");
        Files.writeString(junk, "this is not a TIFF file at all");
        Path output = tmp.resolve("l.tif");
        int code = run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", junk.toString(),
                "--output", output.toString());
        assertEquals(3, code, errText());
        assertTrue(errText().startsWith("condseg: error: " + junk), errText());
        assertFalse(Files.exists(output));
        assertEquals(3, run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input",
                tmp.resolve("missing.tif").toString(), "--output", output.toString()));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("segment", "--model", "x"));
        assertEquals(2, run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", image.toString(),
                "--output", image.toString()));
        assertTrue(errText().contains("inputs are never overwritten"), errText());
        assertEquals(2, run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", image.toString(),
                "--output", tmp.resolve("l.tif").toString(), "--box", "1,2,3"));
        assertEquals(2, run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", image.toString(),
                "--output", tmp.resolve("l.tif").toString(), "--point", "400,2"));
        assertEquals(2, run("no-such-command"));
    }

    @Test
    void modelsValidateReproducesTheTestTensors() {
        assertEquals(0, run("models", "validate", Fixtures.fixture("identity-3d").toString()), errText());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("identity-3d: valid"));
        assertEquals(4, run("models", "validate", Fixtures.fixture("broken").toString()));
    }

    @Test
    void modelsListAndInfo() {
        assertEquals(0, run("models", "--models", Fixtures.repo().resolve("test-data/fixtures").toString(), "list"), errText());
        String listed = out.toString(StandardCharsets.UTF_8);
        assertTrue(listed.contains("identity-2d") && listed.contains("identity-3d"), listed);
        assertEquals(0, run("models", "--models", Fixtures.repo().resolve("test-data/fixtures").toString(), "info", "identity-2d"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("x=8+k*8"));
    }

    @Test
    void evaluateReportsPerLabelFiguresAndRefusesAnotherGrid() throws Exception {
        Path labels = tmp.resolve("ramp-labels.tif");
        assertEquals(0, run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", image.toString(),
                "--output", labels.toString()), errText());
        assertEquals(0, run("evaluate", "--prediction", labels.toString(), "--truth", labels.toString()), errText());
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("hd95_mm") && table.lines().map(l -> l.trim().split("\\s+")).anyMatch(
                f -> f[0].equals("1") && f[1].equals("1.0000") && f[2].equals("1.0000") && f[3].equals("0.000")), table);
        Path other = tmp.resolve("small.tif");
        new FileSaver(new ImagePlus("small", new FloatProcessor(5, 5))).saveAsTiff(other.toString());
        assertEquals(3, run("evaluate", "--prediction", labels.toString(), "--truth", other.toString()));
    }

    @Test
    void evaluatePairsTheFilesOfTwoFoldersAndAveragesPerLabel() throws Exception {
        Path truths = Files.createDirectories(tmp.resolve("truths")), preds = Files.createDirectories(tmp.resolve("preds"));
        square(truths.resolve("a.tif"), 10, 10, 20);
        square(truths.resolve("b.tif"), 5, 5, 10);
        square(preds.resolve("a-labels.tif"), 10, 10, 20); // batch's name: perfect
        square(preds.resolve("b.tif"), 5, 5, 5); // the same name: a quarter of the square
        Path scores = tmp.resolve("scores.csv");
        assertEquals(0, run("evaluate", "--prediction", preds.toString(), "--truth", truths.toString(), "--csv", scores.toString()),
                errText());
        String text = out.toString(StandardCharsets.UTF_8);
        // Dice of b: 2 * 25 / (25 + 100) = 0.4; the mean over a and b: 0.7
        assertTrue(text.contains("mean label 1 over 2 of 2 cases: dice 0.7000"), text);
        List<String> rows = Files.readAllLines(scores);
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(2).startsWith("b,1,0.4000,0.2500,"), rows.toString());
        // an empty prediction: Dice 0, its distances undefined and left out of the mean distances, not NaN
        new FileSaver(new ImagePlus("b", new ByteProcessor(40, 40))).saveAsTiff(preds.resolve("b.tif").toString());
        assertEquals(0, run("evaluate", "--prediction", preds.toString(), "--truth", truths.toString()), errText());
        text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("mean label 1 over 2 of 2 cases: dice 0.5000 iou 0.5000 hd95 0.000 assd 0.000 "
                + "(distances over the 1 cases where both images hold the label)"), text);
        Files.delete(preds.resolve("b.tif"));
        assertEquals(3, run("evaluate", "--prediction", preds.toString(), "--truth", truths.toString()));
        assertTrue(errText().contains("b.tif") && errText().contains("has no prediction"), errText());
        assertEquals(2, run("evaluate", "--prediction", preds.toString(), "--truth", truths.resolve("a.tif").toString()));
    }

    private static void square(Path file, int x, int y, int side) {
        ByteProcessor bp = new ByteProcessor(40, 40);
        bp.setValue(1);
        bp.setRoi(x, y, side, side);
        bp.fill();
        new FileSaver(new ImagePlus(file.getFileName().toString(), bp)).saveAsTiff(file.toString());
    }
}
