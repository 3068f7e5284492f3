package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.condseg.SyntheticVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results in context, in a real ImageJ under Xvfb: a rectangle on slice k of a stack, Segment Image
 * propagated; the labels open at slice k, the source carries the outlines as an overlay, a second run
 * gets a title of its own, and a missing model's error lists the installed models in ImageJ's words.
 */
class ResultsInContextTest {

    @TempDir
    Path tmp;

    @Test
    void labelsOpenAtThePromptedSliceWithOutlinesOnTheSourceAndUniqueTitles() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(22, 96, 88, 23);
        ImageJMacroTest.save(ImageJMacroTest.stack("volume", b, 0.7, 2.0, "mm"), tmp.resolve("volume.tif"));
        int k = b.seedSlice() + 1;
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + ImageJMacroTest.q(tmp.resolve("volume.tif")) + ");\n"
                + "setSlice(" + k + ");\n" + ImageJMacroTest.rect(b.seedBox())
                + "run(\"Segment Image...\", \"model=" + ImageJMacroTest.MODEL + " prompt=roi propagate\");\n"
                + "print(\"labels: \" + getTitle() + \" at slice \" + getSliceNumber());\n"
                + "selectImage(\"volume.tif\");\n"
                + "print(\"outlines: \" + Overlay.size);\n"
                + "setSlice(" + k + ");\n" + ImageJMacroTest.rect(b.seedBox())
                + "run(\"Segment Image...\", \"model=" + ImageJMacroTest.MODEL + " prompt=roi\");\n"
                + "print(\"second: \" + getTitle());\n"
                + "selectImage(\"volume.tif\");\n"
                + "run(\"Segment Image...\", \"model=no-such-model prompt=roi\");\n");
        String out = run.output();
        assertTrue(out.contains("labels: volume-labels at slice " + k), out);
        String outlines = out.lines().filter(l -> l.startsWith("outlines: ")).findFirst().orElse("outlines: 0");
        assertTrue(Integer.parseInt(outlines.substring(10).trim()) >= 5, "one outline per slice of the object: " + out);
        assertTrue(out.contains("second: volume-labels-1"), out);
        String error = out.lines().filter(l -> l.contains("no-such-model")).findFirst().orElse("");
        assertTrue(error.contains("installed: ") && error.contains(ImageJMacroTest.MODEL), error + "\n" + out);
        assertFalse(error.contains("--"), error);
    }

    @Test
    void a3dModelTakesARectangleOverFirstToLastAndRefusesOneSlice() throws Exception {
        org.condseg.Fixtures.model("interactive-3d");
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(23, 80, 72, 24);
        ImageJMacroTest.save(ImageJMacroTest.stack("vol", b, 0.7, 0.7, "mm"), tmp.resolve("vol.tif"));
        int lo = 1, hi = 24;
        for (int z = 0; z < b.depth(); z++) {
            boolean any = false;
            for (byte v : b.truth()[z])
                any |= v != 0;
            if (any && lo == 1 && z > 0 && !anyOn(b, z - 1))
                lo = z + 1;
            if (!any && z > 0 && anyOn(b, z - 1))
                hi = z;
        }
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + ImageJMacroTest.q(tmp.resolve("vol.tif")) + ");\n"
                + "setSlice(" + (b.seedSlice() + 1) + ");\n" + ImageJMacroTest.rect(b.seedBox())
                + "run(\"Segment Image...\", \"model=interactive-3d prompt=roi first=" + lo + " last=" + hi + "\");\n"
                + "print(\"labels: \" + getTitle() + \" \" + nSlices);\n"
                + "saveAs(\"Tiff\", " + ImageJMacroTest.q(tmp.resolve("vol-labels.tif")) + ");\n"
                + "selectImage(\"vol.tif\");\n" + ImageJMacroTest.rect(b.seedBox())
                + "run(\"Segment Image...\", \"model=interactive-3d prompt=roi\");\n");
        String out = run.output();
        assertTrue(out.contains("labels: vol-labels 24"), out);
        double dice = ImageJMacroTest.dice(ImageJMacroTest.open(tmp.resolve("vol-labels.tif"), run), 1, b);
        System.out.printf("interactive-3d from a rectangle over slices %d-%d: 3D Dice %.3f%n", lo, hi, dice);
        assertTrue(dice > 0.3, "the box over the slice range finds the object: Dice " + dice);
        String refusal = out.lines().filter(l -> l.contains("is a 3D model")).findFirst().orElse("");
        assertTrue(refusal.contains("first=N last=M"), out);
        assertFalse(refusal.contains("--"), refusal);
    }

    private static boolean anyOn(SyntheticVolumes.Blob b, int z) {
        for (byte v : b.truth()[z])
            if (v != 0)
                return true;
        return false;
    }
}
