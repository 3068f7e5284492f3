package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.condseg.SyntheticVolumes;
import org.condseg.model.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/**
 * Annotate... in a macro, in a real ImageJ under Xvfb: a box on the object's largest slice propagated
 * over slices first..last writes label 1 on those slices only, into {@code T-labels}; a second line adds
 * label 2 to the same label image; a bad key value is named in ImageJ's words.
 */
class AnnotateMacroTest {

    @TempDir
    Path tmp;

    @Test
    void propagatedLinesFillOneLabelImageWithinTheMarkedSlices() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(22, 96, 88, 23);
        ImageJMacroTest.save(ImageJMacroTest.stack("volume", b, 0.7, 2.0, "mm"), tmp.resolve("volume.tif"));
        Box box = b.seedBox();
        int k = b.seedSlice() + 1, first = k - 3, last = k + 3;
        String boxText = box.x() + "," + box.y() + "," + box.width() + "," + box.height();
        Path labels = tmp.resolve("volume-labels.tif");
        int z2 = last + 1; // the object continues past the marked slices: a second object there, from a click at its centre
        long sx = 0, sy = 0, n = 0;
        for (int i = 0; i < b.width() * b.height(); i++)
            if (b.truth()[z2 - 1][i] != 0) {
                sx += i % b.width();
                sy += i / b.width();
                n++;
            }
        assertTrue(n > 20, "the blob reaches slice " + z2);
        int cx = (int) (sx / n), cy = (int) (sy / n);
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + ImageJMacroTest.q(tmp.resolve("volume.tif")) + ");\n"
                + "run(\"Annotate...\", \"image=volume.tif model=bright-interactive-2d slice=" + k + " box=[" + boxText
                + "] mode=propagate first=" + first + " last=" + last + " label=1\");\n"
                + "run(\"Annotate...\", \"image=volume.tif model=bright-interactive-2d slice=" + z2 + " points=[" + cx + "," + cy + "] label=0\");\n"
                + "selectImage(\"volume-labels\");\n"
                + "print(\"images: \" + nImages);\n"
                + "saveAs(\"Tiff\", " + ImageJMacroTest.q(labels) + ");\n"
                + "selectImage(\"volume.tif\");\n"
                + "run(\"Annotate...\", \"image=volume.tif model=bright-interactive-2d slice=1 box=[1,2,0,4]\");\n");
        ImagePlus l = ImageJMacroTest.open(labels, run);
        assertEquals(23, l.getNSlices());
        assertTrue(run.output().contains("images: 2"), "one label image for the source: " + run.output());
        for (int z = 1; z <= 23; z++) {
            boolean one = false;
            for (int i = 0; i < l.getWidth() * l.getHeight(); i++)
                one |= l.getStack().getProcessor(z).get(i) == 1;
            assertEquals(z >= first && z <= last && anyTruth(b, z - 1), one, "label 1 on slice " + z);
        }
        assertEquals(2, l.getStack().getProcessor(z2).get(cx, cy), "the second line is label 2 in the same image: " + run.output());
        String error = run.output().lines().filter(x -> x.contains("box=1,2,0,4")).findFirst().orElse("");
        assertTrue(error.contains("width and height must be positive"), run.output());
        assertFalse(error.contains("--"), error);
    }

    private static boolean anyTruth(SyntheticVolumes.Blob b, int z) {
        for (byte v : b.truth()[z])
            if (v != 0)
                return true;
        return false;
    }
}
