package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.condseg.Fixtures;
import org.condseg.SyntheticVolumes;
import org.condseg.model.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ShortProcessor;

/** {@code segment --propagate}: a box on one slice of a stack segments the object through the stack. */
class PropagateCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    @Test
    void aBoxOnOneSliceSegmentsTheObjectThroughTheStack() {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(11, 90, 70, 17);
        ImageStack stack = new ImageStack(b.width(), b.height());
        for (short[] plane : b.image())
            stack.addSlice(new ShortProcessor(b.width(), b.height(), plane, null));
        Path input = tmp.resolve("blob.tif");
        new FileSaver(new ImagePlus("blob", stack)).saveAsTiffStack(input.toString());
        Box s = b.seedBox();
        String box = s.x() + "," + s.y() + "," + s.width() + "," + s.height() + "," + s.z();
        String model = Fixtures.fixture("bright-interactive-2d").toString();

        Path propagated = tmp.resolve("propagated.tif"), single = tmp.resolve("single.tif");
        assertEquals(0, run("segment", "--model", model, "--input", input.toString(), "--output", propagated.toString(),
                "--box", box, "--propagate"), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, run("segment", "--model", model, "--input", input.toString(), "--output", single.toString(), "--box", box));
        ImagePlus p = new Opener().openImage(propagated.toString()), o = new Opener().openImage(single.toString());
        assertEquals(b.depth(), p.getStackSize());
        double dice = dice(p, b);
        assertTrue(dice > 0.85, "Dice " + dice);
        assertTrue(dice(o, b) < 0.5, "without --propagate only the box's slice is segmented");
        assertTrue(String.valueOf(p.getProp("condseg.provenance")).contains("propagate"));

        assertEquals(2, run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", input.toString(),
                "--output", tmp.resolve("x.tif").toString(), "--propagate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("propagate needs an interactive 2D model"));
    }

    static double dice(ImagePlus labels, SyntheticVolumes.Blob b) {
        long both = 0, a = 0, t = 0;
        for (int z = 0; z < b.depth(); z++)
            for (int i = 0; i < b.width() * b.height(); i++) {
                boolean x = labels.getStack().getProcessor(z + 1).get(i) != 0, y = b.truth()[z][i] != 0;
                a += x ? 1 : 0;
                t += y ? 1 : 0;
                both += x && y ? 1 : 0;
            }
        return 2.0 * both / (a + t);
    }
}
