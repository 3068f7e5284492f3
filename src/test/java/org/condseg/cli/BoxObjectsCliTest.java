package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.FloatProcessor;

/** Each box is one object: a box spanning slices gives one label on all of them, not one per slice. */
class BoxObjectsCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    @Test
    void aBoxSpanningSlicesIsOneObjectAndTwoBoxesAreTwo() {
        ImageStack st = new ImageStack(40, 30);
        for (int z = 0; z < 4; z++) {
            FloatProcessor fp = new FloatProcessor(40, 30);
            fp.setValue(1);
            fp.fill();
            fp.setValue(10);
            fp.setRoi(6, 6, 10, 10);
            fp.fill();
            fp.setRoi(24, 8, 8, 12);
            fp.fill();
            st.addSlice(fp);
        }
        Path input = tmp.resolve("stack.tif"), out = tmp.resolve("labels.tif");
        new FileSaver(new ImagePlus("stack", st)).saveAsTiffStack(input.toString());
        String model = Fixtures.fixture("bright-interactive-2d").toString();
        assertEquals(0, run("segment", "--model", model, "--input", input.toString(), "--output", out.toString(), "--box",
                "3,3,16,16,0,4"), errText());
        assertTrue(out().startsWith(out + ": 1 object(s)"), out());
        ImagePlus labels = new Opener().openImage(out.toString());
        for (int z = 1; z <= 4; z++) {
            labels.setSlice(z);
            assertEquals(1, labels.getProcessor().get(10, 10), "slice " + z);
            assertEquals(1, (int) labels.getProcessor().getStatistics().max, "slice " + z);
        }
        assertEquals(0, run("segment", "--model", model, "--input", input.toString(), "--output", out.toString(), "--box",
                "3,3,16,16,1,2", "--box", "22,6,12,16,0,3"), errText());
        assertTrue(out().startsWith(out + ": 2 object(s)"), out());
        labels = new Opener().openImage(out.toString());
        labels.setSlice(1);
        assertEquals(0, labels.getProcessor().get(10, 10), "the first box starts on the second slice");
        assertEquals(2, labels.getProcessor().get(27, 12), "the second box is label 2 though it comes first in the stack");
        labels.setSlice(2);
        assertEquals(1, labels.getProcessor().get(10, 10));
        assertEquals(2, labels.getProcessor().get(27, 12));
        labels.setSlice(4);
        assertEquals(0, (int) labels.getProcessor().getStatistics().max, "neither box reaches the last slice");
    }

    private String out() {
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
