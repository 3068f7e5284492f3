package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.Fixtures;
import org.condseg.io.Npy;
import org.condseg.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ImageProcessor;

/**
 * Packages in the bioimage.io specification's own layout (test-data/make_bioimageio_fixtures.py): the
 * stand-ins for its example {@code unet2d_nuclei_broad} in formats 0.5, 0.4.0 and 0.4.9, each under its
 * own file name, its deliberately invalid description, and a package with ids unlike the graph's names,
 * jointly normalised channels, a softmax and a halo. {@code models validate} runs the whole pipeline;
 * {@code segment} gives what numpy computed for the same pipeline.
 */
class BioimageioPackagesTest extends CapturedCli {

    @TempDir
    Path tmp;

    static Path bio(String name) {
        return Fixtures.repo().resolve("test-data/bioimageio").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unet2d-standin-0_5", "unet2d-standin-0_4_0", "unet2d-standin-0_4_9", "softmax-halo"})
    void validatePassesThroughTheWholePipeline(String name) {
        assertEquals(0, run("models", "validate", bio(name).toString()), errText());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(name + ": valid"), text);
        assertTrue(text.contains(" 0 of "), text); // no value mismatched
    }

    @Test
    void theInvalidExampleIsRefusedAsABadModel() {
        assertEquals(4, run("models", "validate", bio("unet2d-standin-invalid").toString()));
        assertTrue(errText().contains("tensor id 'data' is used twice"), errText());
    }

    @Test
    void validateFailsWithoutThePreprocessingTheDescriptionDeclares() throws IOException {
        Path copy = copy(bio("unet2d-standin-0_5"));
        Path rdf = copy.resolve("bioimageio.yaml");
        String text = Files.readString(rdf);
        Files.writeString(rdf, text.replace("      - id: zero_mean_unit_variance\n        kwargs:\n          axes:\n            - x\n            - y\n", ""));
        assertEquals(4, run("models", "validate", copy.toString()));
        assertTrue(errText().contains("test outputs not reproduced: probability:"), errText());
    }

    @Test
    void theModelsOwnToleranceDecidesAndMayNotBeLooserThanTheSpecificationAllows() throws IOException {
        Path copy = copy(bio("softmax-halo"));
        Path rdf = copy.resolve("rdf.yaml");
        String text = Files.readString(rdf);
        // softmax outputs lie in [0, 1]: an absolute tolerance of 0.5 is more than 1% of the maximum
        Files.writeString(rdf, text.replace("absolute_tolerance: 1.0e-5", "absolute_tolerance: 0.5"));
        assertEquals(4, run("models", "validate", copy.toString()));
        assertTrue(errText().contains("more than 1% of the maximum"), errText());
        // float32 rounding (ONNX Runtime against numpy, up to 5e-7 apart) exceeds atol 1e-9: refused with no mismatch allowed ...
        String strict = "{relative_tolerance: 0, absolute_tolerance: 1.0e-9, mismatched_elements_per_million: %s}";
        String given = "{relative_tolerance: 1.0e-4, absolute_tolerance: 1.0e-5, mismatched_elements_per_million: 0}";
        Files.writeString(rdf, text.replace(given, strict.formatted("0")));
        assertEquals(4, run("models", "validate", copy.toString()));
        assertTrue(errText().contains("test outputs not reproduced: classes:") && errText().contains("per million > 0.0"), errText());
        // ... and accepted where every element may mismatch
        Files.writeString(rdf, text.replace(given, strict.formatted("1000000")));
        assertEquals(0, run("models", "validate", copy.toString()), errText());
    }

    @Test
    void aTamperedTestTensorIsRefusedByItsChecksum() throws IOException {
        Path copy = copy(bio("softmax-halo"));
        byte[] b = Files.readAllBytes(copy.resolve("test-input.npy"));
        b[b.length - 1] ^= 1;
        Files.write(copy.resolve("test-input.npy"), b);
        assertEquals(4, run("models", "validate", copy.toString()));
        assertTrue(errText().contains("declared for the test tensor of raw"), errText());
    }

    @Test
    void segmentGivesWhatNumpyComputedForTheSoftmaxHaloPackage() throws Exception {
        Path labels = tmp.resolve("labels.tif"), prob = tmp.resolve("prob.tif");
        assertEquals(0, run("segment", "--model", bio("softmax-halo").toString(), "--input", bio("softmax-halo-image-c0.tif").toString(),
                "--input", bio("softmax-halo-image-c1.tif").toString(), "--output", labels.toString(), "--probabilities",
                prob.toString()), errText());
        float[] wantLabels = Npy.read(bio("softmax-halo-expected-labels.npy"), "labels").data();
        float[] wantProb = Npy.read(bio("softmax-halo-expected-probability.npy"), "p").data();
        float[] ambiguous = Npy.read(bio("softmax-halo-ambiguous.npy"), "a").data();
        float[] gotLabels = pixels(labels), gotProb = pixels(prob);
        assertEquals(90 * 70, gotLabels.length);
        int classes = 0, compared = 0;
        double worst = 0;
        for (int i = 0; i < gotLabels.length; i++) {
            worst = Math.max(worst, Math.abs(gotProb[i] - wantProb[i]));
            if (ambiguous[i] == 0) {
                assertEquals(wantLabels[i], gotLabels[i], "label at " + (i % 90) + "," + (i / 90));
                compared++;
            }
            classes |= 1 << (int) gotLabels[i];
        }
        assertTrue(worst < 1e-4, "max probability difference " + worst);
        assertEquals(0b111, classes, "all three classes occur");
        assertTrue(compared > 0.95 * gotLabels.length, compared + " unambiguous labels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unet2d-standin-0_5", "unet2d-standin-0_4_0", "unet2d-standin-0_4_9"})
    void segmentReproducesTheUnetStandInsTestOutputAwayFromTheBorder(String name) throws Exception {
        Path labels = tmp.resolve("labels.tif"), prob = tmp.resolve("prob.tif");
        assertEquals(0, run("segment", "--model", bio(name).toString(), "--input",
                bio("unet2d-standin-image.tif").toString(), "--output", labels.toString(), "--probabilities", prob.toString()), errText());
        float[] got = pixels(prob);
        float[] mirrored = Npy.read(bio("unet2d-standin-expected-probability.npy"), "p").data();
        Tensor test = Npy.read(bio(name).resolve("test_output.npy"), "t");
        double worstAll = 0, worstInside = 0;
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++) {
                int i = y * 64 + x;
                worstAll = Math.max(worstAll, Math.abs(got[i] - mirrored[i]));
                if (x >= 2 && y >= 2 && x < 62 && y < 62) // beyond the network's reach of the image border
                    worstInside = Math.max(worstInside, Math.abs(got[i] - test.data()[i]));
            }
        assertTrue(worstAll < 1e-5, "against numpy on the mirror-padded image: " + worstAll);
        assertTrue(worstInside < 1e-5, "against the package's test output: " + worstInside);
    }

    private static float[] pixels(Path file) {
        ImagePlus imp = new Opener().openImage(file.toString());
        ImageProcessor ip = imp.getProcessor();
        float[] out = new float[ip.getPixelCount()];
        for (int i = 0; i < out.length; i++)
            out[i] = ip.getf(i);
        return out;
    }

    private Path copy(Path folder) throws IOException {
        Path dir = Files.createTempDirectory(tmp, folder.getFileName().toString());
        try (var s = Files.list(folder)) {
            for (Path p : s.toList())
                Files.copy(p, dir.resolve(p.getFileName()));
        }
        return dir;
    }
}
