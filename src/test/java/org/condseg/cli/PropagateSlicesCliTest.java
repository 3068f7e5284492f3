package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** {@code segment --propagate --propagate-slices FIRST,LAST}: propagation stays on the slices the user gives. */
class PropagateSlicesCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    @Test
    void propagationStaysWithinTheGivenSlices() {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(11, 90, 70, 17);
        ImageStack stack = new ImageStack(b.width(), b.height());
        for (short[] plane : b.image())
            stack.addSlice(new ShortProcessor(b.width(), b.height(), plane, null));
        Path input = tmp.resolve("blob.tif"), output = tmp.resolve("labels.tif");
        new FileSaver(new ImagePlus("blob", stack)).saveAsTiffStack(input.toString());
        Box s = b.seedBox();
        String box = s.x() + "," + s.y() + "," + s.width() + "," + s.height() + "," + s.z();
        String model = Fixtures.fixture("bright-interactive-2d").toString();
        long first = s.z() - 2, last = s.z() + 1;
        assertEquals(0, run("segment", "--model", model, "--input", input.toString(), "--output", output.toString(), "--box", box,
                "--propagate", "--propagate-slices", first + "," + last), errText());
        ImagePlus labels = new Opener().openImage(output.toString());
        for (int z = 0; z < b.depth(); z++) {
            long n = 0, truth = 0;
            for (int i = 0; i < b.width() * b.height(); i++) {
                n += labels.getStack().getProcessor(z + 1).get(i) != 0 ? 1 : 0;
                truth += b.truth()[z][i];
            }
            if (z < first || z > last)
                assertEquals(0, n, "slice " + z + " lies outside " + first + ".." + last);
            else
                assertTrue(n > truth / 2, "slice " + z + ": " + n + " of the object's " + truth + " voxels");
        }
        assertTrue(String.valueOf(labels.getProp("condseg.provenance")).contains("\"slices\":[" + first + "," + last + "]"));

        assertEquals(2, run("segment", "--model", model, "--input", input.toString(), "--output", tmp.resolve("x.tif").toString(),
                "--box", box, "--propagate-slices", "1,3"));
        assertTrue(errText().contains("--propagate-slices goes with --propagate"), errText());
        assertEquals(2, run("segment", "--model", model, "--input", input.toString(), "--output", tmp.resolve("x.tif").toString(),
                "--box", box, "--propagate", "--propagate-slices", "5,3"));
        assertTrue(errText().contains("FIRST,LAST with 0 <= FIRST <= LAST"), errText());
    }
}
