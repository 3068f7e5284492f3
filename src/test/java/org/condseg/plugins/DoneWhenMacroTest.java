package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.condseg.Fixtures;
import org.condseg.SyntheticVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/**
 * Issue 3's "done when", with the shipped model: a macro opens a calibrated 3D stack (an irregular
 * synthetic object, generated here with its truth), draws a rectangle on one slice, runs
 * {@code Segment Image...} with {@code model=interactive-2d prompt=roi propagate} and saves
 * {@code image-labels}; the label stack has the input's size and voxel size and finds the object in 3D
 * with Dice of at least 0.70.
 */
class DoneWhenMacroTest {

    @TempDir
    Path tmp;

    @Test
    void aRectangleOnOneSliceOfACalibratedStackSegmentsTheObjectIn3D() throws Exception {
        Fixtures.model("interactive-2d"); // fails, never skips, where the shipped model is missing
        // three stacks (three seeds) in one ImageJ, each the macro of the issue
        long[] seeds = {2026, 7, 99};
        SyntheticVolumes.Blob[] blobs = new SyntheticVolumes.Blob[seeds.length];
        StringBuilder macro = new StringBuilder();
        for (int k = 0; k < seeds.length; k++) {
            SyntheticVolumes.Blob b = blobs[k] = SyntheticVolumes.blob(seeds[k], 140, 120, 31);
            Path dir = java.nio.file.Files.createDirectories(tmp.resolve("case" + k));
            ImageJMacroTest.save(ImageJMacroTest.stack("image", b, 0.45, 1.2, "mm"), dir.resolve("image.tif"));
            var box = b.seedBox();
            macro.append("open(" + ImageJMacroTest.q(dir.resolve("image.tif")) + ");\n")
                    .append("setSlice(" + (box.z() + 1) + ");\n").append(ImageJMacroTest.rect(box))
                    .append("run(\"Segment Image...\", \"model=interactive-2d prompt=roi propagate\");\n")
                    .append("selectImage(\"image-labels\");\n")
                    .append("saveAs(\"Tiff\", " + ImageJMacroTest.q(dir.resolve("image-labels.tif")) + ");\n")
                    .append("close(\"*\");\n");
        }
        ImageJClient.Run run = ImageJClient.runMacro(tmp, macro.toString());
        for (int k = 0; k < seeds.length; k++) {
            SyntheticVolumes.Blob b = blobs[k];
            ImagePlus l = ImageJMacroTest.open(tmp.resolve("case" + k).resolve("image-labels.tif"), run);
            assertEquals(List.of(140, 120, 31), List.of(l.getWidth(), l.getHeight(), l.getStackSize()));
            assertEquals(0.45, l.getCalibration().pixelWidth, 1e-5);
            assertEquals(0.45, l.getCalibration().pixelHeight, 1e-5);
            assertEquals(1.2, l.getCalibration().pixelDepth, 1e-9);
            assertEquals("mm", l.getCalibration().getUnit());
            double dice = ImageJMacroTest.dice(l, 1, b);
            System.out.printf("done-when: interactive-2d, seed %d, rectangle on slice %d of 31, propagated: 3D Dice %.3f%n",
                    seeds[k], b.seedSlice() + 1, dice);
            assertTrue(dice >= 0.70, "seed " + seeds[k] + ": 3D Dice " + dice);
        }
    }
}
