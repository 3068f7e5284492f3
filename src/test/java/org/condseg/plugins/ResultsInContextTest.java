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
}
