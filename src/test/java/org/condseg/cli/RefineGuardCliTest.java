package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

/**
 * The refine guard through {@code segment --mask}: the fixture refine-2d (logits 8 (image + prior - 1)) moves a
 * rectangular prior on a noise image; a guard whose keep_above any overlap reaches returns the prior pixel for
 * pixel, and the passes are recorded in the provenance.
 */
class RefineGuardCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    Path image, mask;

    @BeforeEach
    void write() {
        FloatProcessor fp = new FloatProcessor(24, 20);
        Random r = new Random(3);
        for (int i = 0; i < 24 * 20; i++)
            fp.setf(i, (float) r.nextGaussian());
        image = tmp.resolve("noise.tif");
        new FileSaver(new ImagePlus("noise", fp)).saveAsTiff(image.toString());
        ByteProcessor prior = new ByteProcessor(24, 20);
        prior.setColor(5);
        prior.fillRect(6, 5, 8, 7);
        mask = tmp.resolve("prior.tif");
        new FileSaver(new ImagePlus("prior", prior)).saveAsTiff(mask.toString());
    }

    ImagePlus refine(Path model, String name) {
        Path out = tmp.resolve(name + ".tif");
        assertEquals(0, run("segment", "--model", model.toString(), "--input", image.toString(), "--mask", mask.toString(),
                "--output", out.toString()), errText());
        return new Opener().openImage(out.toString());
    }

    int differences(ImagePlus labels) {
        ImagePlus prior = new Opener().openImage(mask.toString());
        int n = 0;
        for (int y = 0; y < 20; y++)
            for (int x = 0; x < 24; x++)
                n += labels.getProcessor().get(x, y) != prior.getProcessor().get(x, y) ? 1 : 0;
        return n;
    }

    @Test
    void aKeptPriorComesBackUnchangedAndPassesAreRecorded() throws IOException {
        ImagePlus plain = refine(Fixtures.fixture("refine-2d"), "plain");
        assertTrue(differences(plain) > 0, "without a guard the fixture moves the prior, so the check below can fail");

        ImagePlus kept = refine(guarded("refine: {keep_above: 0.001}"), "kept");
        assertEquals(0, differences(kept), "the prior comes back as it was");
        assertTrue(String.valueOf(kept.getProp("condseg.provenance")).contains("\"priors_kept\":1"),
                String.valueOf(kept.getProp("condseg.provenance")));

        ImagePlus twice = refine(guarded("refine: {passes: 2}"), "twice");
        String prov = String.valueOf(twice.getProp("condseg.provenance"));
        assertTrue(prov.contains("\"passes\":2") && prov.contains("\"priors_kept\":0"), prov);
        assertEquals(5, (int) twice.getStatistics().max, "the refined object keeps the prior's label");
    }

    private Path guarded(String guard) throws IOException {
        Path from = Fixtures.fixture("refine-2d"), to = tmp.resolve("refine-2d-" + Integer.toHexString(guard.hashCode()));
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList())
                Files.copy(f, to.resolve(f.getFileName()));
        }
        Path rdf = to.resolve("rdf.yaml");
        Files.writeString(rdf, Files.readString(rdf).replaceFirst("(\\n    postprocess: \\{[^\\n]*)",
                "$1\n    " + java.util.regex.Matcher.quoteReplacement(guard)));
        return to;
    }
}
