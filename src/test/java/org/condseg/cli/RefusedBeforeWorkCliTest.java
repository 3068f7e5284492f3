package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

/**
 * Outputs that cannot be what the user asked for are refused before the model runs: a stack written as
 * PNG (which holds one plane: ImageJ would silently write the current one) and sample masks of a model
 * that draws no samples.
 */
class RefusedBeforeWorkCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    private Path stack(int slices) {
        ImageStack st = new ImageStack(40, 30);
        for (int z = 0; z < slices; z++) {
            FloatProcessor fp = new FloatProcessor(40, 30);
            fp.setValue(10);
            fp.setRoi(6, 6, 10, 10);
            fp.fill();
            st.addSlice(fp);
        }
        Path p = tmp.resolve("stack" + slices + ".tif");
        FileSaver saver = new FileSaver(new ImagePlus("stack", st));
        assertTrue(slices > 1 ? saver.saveAsTiffStack(p.toString()) : saver.saveAsTiff(p.toString()));
        return p;
    }

    @Test
    void aStackIsNotWrittenAsPng() {
        Path out = tmp.resolve("labels.png");
        assertEquals(2, run("segment", "--model", Fixtures.fixture("bright-interactive-2d").toString(), "--input", stack(3).toString(),
                "--output", out.toString(), "--box", "3,3,16,16,0,3"));
        assertTrue(errText().contains(out + ": PNG holds one 2D image, and this one has 3 planes"), errText());
        assertEquals(1, errText().strip().lines().count(), errText());
        assertFalse(Files.exists(out));
        // one plane is fine
        assertEquals(0, run("segment", "--model", Fixtures.fixture("bright-interactive-2d").toString(), "--input", stack(1).toString(),
                "--output", out.toString(), "--box", "3,3,16,16"), errText());
        assertTrue(Files.exists(out));
    }

    @Test
    void sampleMasksOfAModelWithoutSamplesAreRefusedBeforeItRuns() {
        Path out = tmp.resolve("labels.tif"), samples = tmp.resolve("samples.tif");
        assertEquals(2, run("segment", "--model", Fixtures.fixture("bright-interactive-2d").toString(), "--input", stack(1).toString(),
                "--output", out.toString(), "--box", "3,3,16,16", "--sample-masks", samples.toString()));
        assertTrue(errText().contains("--sample-masks: model bright-interactive-2d is not a generative model"), errText());
        assertFalse(errText().contains("object(s)"), "refused before the model ran: " + errText());
        assertFalse(Files.exists(out) || Files.exists(samples));
    }
}
