package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/**
 * {@code evaluate-prompts} with bright-interactive-2d, a stand-in model that selects the bright pixels of
 * its window and keeps the clicked components, on bright squares over a dark background: a perfect
 * model on one square, a model that needs a second click on two, and baselines worked out by hand.
 */
class EvaluatePromptsCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    static final String MODEL = Fixtures.fixture("bright-interactive-2d").toString();

    /** Writes a 16-bit image, bright (1000) where {@code truth} is set, and the truth as 8-bit labels. */
    static void pair(Path images, Path truths, String name, int w, int h, int[][] squares) throws IOException {
        Files.createDirectories(images);
        Files.createDirectories(truths);
        short[] img = new short[w * h];
        byte[] lab = new byte[w * h];
        for (int[] s : squares) // x, y, side, label
            for (int j = s[1]; j < s[1] + s[2]; j++)
                for (int i = s[0]; i < s[0] + s[2]; i++) {
                    img[j * w + i] = 1000;
                    lab[j * w + i] = (byte) s[3];
                }
        new FileSaver(new ImagePlus(name, new ShortProcessor(w, h, img, null))).saveAsTiff(images.resolve(name + ".tif").toString());
        new FileSaver(new ImagePlus(name, new ByteProcessor(w, h, lab, null))).saveAsTiff(truths.resolve(name + ".tif").toString());
    }

    @Test
    void aPerfectModelNeedsOneInteractionAndTheBaselinesAreAsWorkedOut() throws IOException {
        Path images = tmp.resolve("images"), truths = tmp.resolve("truths"), csv = tmp.resolve("rows.csv");
        pair(images, truths, "square", 40, 36, new int[][] {{14, 12, 9, 1}});
        assertEquals(0, run("evaluate-prompts", "--model", MODEL, "--images", images.toString(), "--truths", truths.toString(),
                "--prompt", "box", "--csv", csv.toString()), errText());
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        // the 9×9 square's inscribed ellipse holds 69 pixels: Dice 2·69 / (69 + 81) = 0.92
        assertTrue(text.contains("dice after 1     1.0000   0.9200   ellipse inscribed in the tight box"), text);
        assertTrue(text.contains("NoC@85           1.00     (reached by 1 of 1 within 20)"), text);
        assertTrue(text.contains("NoC@90           1.00"), text);
        List<String> rows = Files.readAllLines(csv);
        assertEquals("image,truth,label,slice,area_px,prompt,baseline_dice,dice_1,dice_3,dice_5,noc85,noc90,interactions,last_dice", rows.get(0));
        assertEquals("square.tif,square.tif,1,0,81,box 14 12 9 9,0.9200,1.0000,1.0000,1.0000,1,1,1,1.0000", rows.get(1));

        // one click at the centre (18, 16); the disc of the equivalent radius sqrt(81/π) = 5.08 holds 81 pixels, 77 in the square
        assertEquals(0, run("evaluate-prompts", "--model", MODEL, "--images", images.toString(), "--truths", truths.toString(),
                "--prompt", "click", "--csv", csv.toString()), errText());
        text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("0.9506   disc of radius 5.08 px around the first click"), text);
        assertTrue(Files.readAllLines(csv).get(1).startsWith("square.tif,square.tif,1,0,81,click 18 16,0.9506,"));
    }

    @Test
    void aMissedPartGetsAPositiveClickAndEachLabelIsOneObject() throws IOException {
        Path images = tmp.resolve("images"), truths = tmp.resolve("truths"), csv = tmp.resolve("rows.csv");
        // label 1: two equal 7×7 squares apart, one object. Its box holds both; with no click the model keeps the largest
        // component (the first found on a tie: square A at 6, 6): Dice 2·49 / (49 + 98) = 0.6667. Click 2 goes to the
        // centre of the missed square B (33, 11); the model keeps the clicked component, B alone: 0.6667 again. Click 3
        // goes to A's centre (9, 9): both, Dice 1, NoC 3. Label 2: a lone 8×8 square, Dice 1 from its box alone.
        pair(images, truths, "two", 64, 48, new int[][] {{6, 6, 7, 1}, {30, 8, 7, 1}, {20, 30, 8, 2}});
        pair(images, truths, "unlabelled", 20, 20, new int[][] {}); // no objects: noted and skipped
        Files.writeString(images.resolve("extra.tif"), "never read: it has no truth"); // skipped with a note
        assertEquals(0, run("evaluate-prompts", "--model", MODEL, "--images", images.toString(), "--truths", truths.toString(),
                "--prompt", "box", "--clicks", "4", "--csv", csv.toString()), errText());
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("2 object(s) in 2 image(s), at most 4 interaction(s)"), text);
        assertTrue(text.contains("dice after 1     0.8333"), text); // (0.6667 + 1) / 2
        assertTrue(text.contains("dice after 3     1.0000"), text);
        assertTrue(!text.contains("dice after 5"), "no Dice after 5 with --clicks 4: " + text);
        assertTrue(text.contains("NoC@85           2.00     (reached by 2 of 2 within 4)"), text); // (3 + 1) / 2
        assertTrue(errText().contains("1 image(s) without a truth skipped: extra.tif"), errText());
        assertTrue(errText().contains("unlabelled.tif: holds no labelled object; skipped"), errText());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(3, rows.size());
        // label 1's ellipse, inscribed in its 31×9 box, meets both squares in part only
        String[] first = rows.get(1).split(",");
        assertArrayEquals(new String[] {"two.tif", "two.tif", "1", "0", "98", "box 6 6 31 9"}, java.util.Arrays.copyOf(first, 6));
        assertEquals("0.6667", first[7]); // dice_1
        assertEquals("1.0000", first[8]); // dice_3
        assertEquals("", first[9]);       // no dice_5 with --clicks 4
        assertEquals("3", first[10]);     // NoC@85
        assertEquals("3", first[11]);     // NoC@90
        assertEquals("3", first[12]);     // interactions run
        // the 8×8 box's ellipse: dx² + dy² ≤ 16 over half-integer offsets, 16 + 16 + 12 + 8 = 52 pixels: 2·52 / 116
        assertTrue(rows.get(2).startsWith("two.tif,two.tif,2,0,64,box 20 30 8 8,0.8966,1.0000,1.0000,,1,1,1,1.0000"), rows.get(2));
    }

    /**
     * A generative model (latent-2d: each sample thresholds the window's standardised image at its own
     * noise level) is measured on the consensus of --samples N drawn with --seed S: the same seed gives the
     * same rows, the report says how many samples, and a sample count out of range is a usage error.
     */
    @Test
    void aGenerativeModelIsMeasuredOnTheConsensusOfItsSamples() throws IOException {
        Path images = tmp.resolve("images"), truths = tmp.resolve("truths");
        pair(images, truths, "squares", 48, 40, new int[][] {{6, 6, 9, 1}, {28, 20, 11, 2}});
        // a ramp across the image, so that each sample's threshold gives another mask
        short[] ramp = new short[48 * 40];
        for (int i = 0; i < ramp.length; i++)
            ramp[i] = (short) (40 * (i % 48) + 5 * (i / 48));
        new FileSaver(new ImagePlus("squares", new ShortProcessor(48, 40, ramp, null))).saveAsTiff(images.resolve("squares.tif").toString());
        String model = Fixtures.fixture("latent-2d").toString();
        Path a = tmp.resolve("a.csv"), b = tmp.resolve("b.csv"), one = tmp.resolve("one.csv");
        for (Path csv : List.of(a, b))
            assertEquals(0, run("evaluate-prompts", "--model", model, "--images", images.toString(), "--truths", truths.toString(),
                    "--samples", "5", "--seed", "3", "--clicks", "5", "--csv", csv.toString()), errText());
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("each interaction: the consensus of 5 samples (seed 3)"));
        assertEquals(Files.readAllLines(a), Files.readAllLines(b));
        assertEquals(3, Files.readAllLines(a).size()); // header and two objects
        assertEquals(0, run("evaluate-prompts", "--model", model, "--images", images.toString(), "--truths", truths.toString(),
                "--seed", "3", "--clicks", "5", "--csv", one.toString()), errText());
        assertTrue(!Files.readAllLines(one).equals(Files.readAllLines(a)), "one sample measures as five: " + Files.readAllLines(one));

        assertEquals(2, run("evaluate-prompts", "--model", model, "--images", images.toString(), "--truths", truths.toString(),
                "--samples", "0"));
        assertTrue(errText().contains("--samples 0 is not in 1..10000"), errText());
    }

    @Test
    void badInputsAreOneLineErrors() throws IOException {
        Path images = tmp.resolve("images"), truths = tmp.resolve("truths");
        pair(images, truths, "square", 40, 36, new int[][] {{14, 12, 9, 1}});
        Path truth = truths.resolve("square.tif");
        byte[] before = Files.readAllBytes(truth);
        assertEquals(2, run("evaluate-prompts", "--model", MODEL, "--images", images.toString(), "--truths", truths.toString(),
                "--csv", truth.toString()));
        assertTrue(errText().startsWith("condseg: error: --csv " + truth + " is an input"), errText());
        assertArrayEquals(before, Files.readAllBytes(truth));

        assertEquals(2, run("evaluate-prompts", "--model", MODEL, "--images", images.toString(), "--truths", truths.toString(),
                "--prompt", "scribble"));
        assertTrue(errText().contains("prompt scribble is not box or click"), errText());

        assertEquals(2, run("evaluate-prompts", "--model", Fixtures.fixture("identity-2d").toString(), "--images", images.toString(),
                "--truths", truths.toString()));
        assertTrue(errText().contains("is not an interactive 2D model"), errText());

        pair(tmp.resolve("other"), truths, "lonely", 10, 10, new int[][] {{2, 2, 3, 1}});
        assertEquals(3, run("evaluate-prompts", "--model", MODEL, "--images", images.toString(), "--truths", truths.toString()));
        assertTrue(errText().startsWith("condseg: error: " + truths + ": no image of the same base name in " + images + " for lonely.tif"),
                errText());
        assertEquals(1, errText().strip().lines().count(), errText());
    }
}
