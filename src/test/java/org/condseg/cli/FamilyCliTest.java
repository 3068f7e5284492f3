package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.condseg.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.FloatProcessor;

/** {@code --class}, {@code --samples/--seed}, {@code --uncertainty}, {@code --sample-masks} and {@code --mask} for refining. */
class FamilyCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    Path image;
    @BeforeEach
    void writeImage() {
        FloatProcessor fp = new FloatProcessor(24, 20);
        Random r = new Random(3);
        for (int i = 0; i < 24 * 20; i++)
            fp.setf(i, (float) r.nextGaussian());
        image = tmp.resolve("noise.tif");
        new FileSaver(new ImagePlus("noise", fp)).saveAsTiff(image.toString());
    }

    String fixture(String name) {
        return Fixtures.fixture(name).toString();
    }

    @Test
    void classByNameAndUnknownClassNames() {
        Path labels = tmp.resolve("bright.tif");
        assertEquals(0, run("segment", "--model", fixture("class-2d"), "--input", image.toString(), "--output",
                labels.toString(), "--class", "bright"), errText());
        ImagePlus imp = new Opener().openImage(labels.toString());
        assertTrue(imp.getStatistics().max == 1 && imp.getStatistics().mean > 0.2);
        assertTrue(String.valueOf(imp.getProp("condseg.provenance")).contains("\"class\":\"bright\""));

        Path none = tmp.resolve("none.tif");
        assertEquals(2, run("segment", "--model", fixture("class-2d"), "--input", image.toString(), "--output",
                none.toString(), "--class", "brigth"));
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().startsWith("condseg: error: unknown class 'brigth'") && errText().contains("bright"), errText());
        assertEquals(2, run("segment", "--model", fixture("class-2d"), "--input", image.toString(), "--output",
                none.toString()));
        assertTrue(errText().contains("--class NAME|INDEX"), errText());
        assertFalse(Files.exists(none));
    }

    @Test
    void samplesSeedUncertaintyAndSampleMasks() {
        String[] base = {"segment", "--model", fixture("latent-2d"), "--input", image.toString(), "--point", "11,9",
                "--samples", "4"};
        Path l1 = tmp.resolve("a-labels.tif"), u1 = tmp.resolve("a-unc.tif"), s1 = tmp.resolve("a-samples.tif");
        assertEquals(0, run(concat(base, "--seed", "7", "--output", l1.toString(), "--uncertainty", u1.toString(),
                "--sample-masks", s1.toString())), errText());
        Path l2 = tmp.resolve("b-labels.tif"), u2 = tmp.resolve("b-unc.tif");
        assertEquals(0, run(concat(base, "--seed", "7", "--output", l2.toString(), "--uncertainty", u2.toString())), errText());
        Path u3 = tmp.resolve("c-unc.tif");
        assertEquals(0, run(concat(base, "--seed", "8", "--output", tmp.resolve("c.tif").toString(), "--uncertainty",
                u3.toString())), errText());

        ImagePlus samples = new Opener().openImage(s1.toString());
        assertEquals(4, samples.getStackSize());
        assertEquals(24, samples.getWidth());
        ImagePlus unc = new Opener().openImage(u1.toString());
        assertEquals(32, unc.getBitDepth());
        float[] a = (float[]) unc.getProcessor().getPixels();
        float[] b = (float[]) new Opener().openImage(u2.toString()).getProcessor().getPixels();
        float[] c = (float[]) new Opener().openImage(u3.toString()).getProcessor().getPixels();
        assertArrayEquals(a, b, "the same seed gives the same uncertainty");
        assertFalse(java.util.Arrays.equals(a, c), "another seed gives another uncertainty");
        assertArrayEquals((byte[]) new Opener().openImage(l1.toString()).getProcessor().getPixels(),
                (byte[]) new Opener().openImage(l2.toString()).getProcessor().getPixels());
    }

    @Test
    void uncertaintyOfAPlainModelIsTheEntropyOfItsProbabilityAndNeverOverwritesAnInput() throws java.io.IOException {
        Path labels = tmp.resolve("l.tif"), prob = tmp.resolve("p.tif"), unc = tmp.resolve("u.tif");
        assertEquals(0, run("segment", "--model", fixture("identity-2d"), "--input", image.toString(), "--output",
                labels.toString(), "--probabilities", prob.toString(), "--uncertainty", unc.toString()), errText());
        ij.process.ImageProcessor p = new Opener().openImage(prob.toString()).getProcessor();
        ij.process.ImageProcessor u = new Opener().openImage(unc.toString()).getProcessor();
        int between = 0;
        for (int y = 0; y < p.getHeight(); y++)
            for (int x = 0; x < p.getWidth(); x++) {
                double q = Math.min(1, Math.max(0, p.getf(x, y)));
                double h = q <= 0 || q >= 1 ? 0 : -(q * Math.log(q) + (1 - q) * Math.log(1 - q)) / Math.log(2);
                assertEquals(h, u.getf(x, y), 1e-5, "binary entropy in bits at " + x + "," + y);
                if (h > 0.1)
                    between++;
            }
        assertTrue(between > 0, "some probabilities lie strictly between 0 and 1, so the check can fail");
        Files.delete(labels);
        assertEquals(2, run("segment", "--model", fixture("identity-2d"), "--input", image.toString(), "--output",
                labels.toString(), "--uncertainty", image.toString()));
        assertTrue(errText().contains("never overwritten"), errText());
        assertFalse(Files.exists(labels));
    }

    @Test
    void refineFromAPriorMaskFile() {
        ij.process.ByteProcessor prior = new ij.process.ByteProcessor(24, 20);
        prior.setColor(5);
        prior.fillRect(6, 5, 8, 7);
        Path mask = tmp.resolve("prior.tif");
        new FileSaver(new ImagePlus("prior", prior)).saveAsTiff(mask.toString());
        Path labels = tmp.resolve("refined.tif");
        assertEquals(0, run("segment", "--model", fixture("refine-2d"), "--input", image.toString(), "--mask",
                mask.toString(), "--output", labels.toString()), errText());
        ImagePlus imp = new Opener().openImage(labels.toString());
        assertEquals(5, imp.getProcessor().get(9, 8), "the refined object keeps the prior's label");
        assertEquals(2, run("segment", "--model", fixture("refine-2d"), "--input", image.toString(), "--output",
                tmp.resolve("x.tif").toString()));
        assertTrue(errText().contains("--mask FILE"), errText());
    }

    @Test
    void theShippedFamilyModelsReproduceTheirTestTensors() {
        for (String id : new String[] {"brain-regions-2d", "probabilistic-2d", "refine-cgan-2d"}) {
            assertEquals(0, run("models", "validate", Fixtures.model(id).toString()), id + ": " + errText());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(id + ": valid"), out.toString(StandardCharsets.UTF_8));
        }
        assertEquals(0, run("models", "info", Fixtures.model("probabilistic-2d").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("latent:    noise [N, 6]"));
        assertEquals(0, run("models", "info", Fixtures.model("brain-regions-2d").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Hippocampus_L"));
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
