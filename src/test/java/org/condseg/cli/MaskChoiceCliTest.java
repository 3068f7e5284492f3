package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

/**
 * Candidate masks of an ambiguity-aware model ({@code candidates-2d}: a disc at the click, the bright
 * object and the whole window, scored 0.5, 0.9 and 0.1) and a mask that clicks continue from.
 */
class MaskChoiceCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    /** A 100 × 80 image, dark, with a bright 20 × 16 rectangle at (30, 30). */
    private Path image() {
        FloatProcessor fp = new FloatProcessor(100, 80);
        fp.setValue(1);
        fp.fill();
        fp.setValue(10);
        fp.setRoi(30, 30, 20, 16);
        fp.fill();
        Path p = tmp.resolve("image.tif");
        new FileSaver(new ImagePlus("image", fp)).saveAsTiff(p.toString());
        return p;
    }

    private int area(Path labels) {
        ImagePlus l = new Opener().openImage(labels.toString());
        int n = 0;
        for (int y = 0; y < l.getHeight(); y++)
            for (int x = 0; x < l.getWidth(); x++)
                if (l.getProcessor().get(x, y) != 0)
                    n++;
        return n;
    }

    private int segment(Path input, Path out, String... extra) {
        String[] base = {"segment", "--model", Fixtures.fixture("candidates-2d").toString(), "--input", input.toString(),
                "--output", out.toString(), "--point", "40,38"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    @Test
    void eachChoiceGetsItsCandidateAndBestIsTheBestScored() throws Exception {
        Path input = image();
        int[] area = new int[4];
        String[] choices = {"best", "small", "medium", "large"};
        for (int i = 0; i < 4; i++) {
            Path out = tmp.resolve(choices[i] + ".tif");
            assertEquals(0, segment(input, out, "--mask-choice", choices[i]), errText());
            area[i] = area(out);
        }
        // the bright 20 × 16 rectangle, give or take its interpolated rim
        assertTrue(area[0] >= 20 * 16 && area[0] <= 22 * 18, "best: the bright rectangle (score 0.9), " + area[0] + " px");
        assertTrue(area[1] > 10 && area[1] < 80, "small: the disc at the click, " + area[1] + " px");
        assertEquals(area[0], area[2], "medium: the bright rectangle");
        assertTrue(area[3] >= 63 * 63 && area[3] <= 65 * 65, "large: the whole 64 × 64 window, " + area[3] + " px");
        Path dflt = tmp.resolve("default.tif");
        assertEquals(0, segment(input, dflt), errText());
        assertEquals(area[0], area(dflt), "the default is best");
        String provenance = String.valueOf(new Opener().openImage(tmp.resolve("small.tif").toString()).getProp("condseg.provenance"));
        assertTrue(provenance.matches("(?s).*\"mask_choice\":\\s*\"small\".*"), provenance);
    }

    @Test
    void aMaskWithClicksIsTheMaskTheyContinueFrom() throws Exception {
        Path input = image();
        // the current mask: the bright rectangle and a dark 6 × 6 square that touches it
        ByteProcessor m = new ByteProcessor(100, 80);
        m.setValue(1);
        m.setRoi(30, 30, 20, 16);
        m.fill();
        m.setRoi(50, 34, 6, 6);
        m.fill();
        Path mask = tmp.resolve("mask.tif"), out = tmp.resolve("continued.tif");
        new FileSaver(new ImagePlus("mask", m)).saveAsTiff(mask.toString());
        assertEquals(0, segment(input, out, "--mask", mask.toString()), errText());
        ImagePlus continued = new Opener().openImage(out.toString());
        assertTrue(continued.getProcessor().get(53, 37) != 0, "the dark square of the current mask stays (previous channel)");
        assertTrue(area(out) <= 22 * 18 + 8 * 8, area(out) + " px");
        // a negative click on the dark square removes it from the mask
        assertEquals(0, run("segment", "--model", Fixtures.fixture("candidates-2d").toString(), "--input", input.toString(),
                "--output", out.toString(), "--mask", mask.toString(), "--point", "40,38", "--negative-point", "53,37"), errText());
        ImagePlus l = new Opener().openImage(out.toString());
        assertEquals(0, l.getProcessor().get(53, 37), "the negative click corrected the leak");
        assertTrue(l.getProcessor().get(40, 38) != 0);
    }

    @Test
    void anUnknownChoiceIsAUsageError() {
        assertEquals(2, segment(image(), tmp.resolve("x.tif"), "--mask-choice", "huge"));
        assertTrue(errText().contains("--mask-choice 'huge' is not a mask choice; expected best, small, medium or large"), errText());
        assertTrue(!Files.exists(tmp.resolve("x.tif")));
    }
}
