package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.condseg.Fixtures;
import org.condseg.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.FloatProcessor;

/** {@code segment --input a --input b}: the channels of a multi-modal model, checked for a shared grid. */
class MultiModalCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    private Path tif(String name, int w, int h, float left, float right, double spacing) {
        FloatProcessor fp = new FloatProcessor(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                fp.setf(x, y, x < w / 2 ? left : right);
        ImagePlus imp = new ImagePlus(name, fp);
        imp.getCalibration().pixelWidth = spacing;
        imp.getCalibration().pixelHeight = spacing;
        imp.getCalibration().setUnit("mm");
        Path p = tmp.resolve(name + ".tif");
        new FileSaver(imp).saveAsTiff(p.toString());
        return p;
    }

    @Test
    void twoFilesAreTheTwoChannels() {
        // mean(t1, t2) > 0.5 only on the right: t1 is 0.2 | 0.9, t2 is 0.2 | 0.3 → means 0.2 | 0.6
        Path t1 = tif("t1", 40, 24, 0.2f, 0.9f, 0.5), t2 = tif("t2", 40, 24, 0.2f, 0.3f, 0.5);
        Path labels = tmp.resolve("labels.tif");
        String model = Fixtures.fixture("mean-2ch-2d").toString();
        assertEquals(0, run("segment", "--model", model, "--input", t1.toString(), "--input", t2.toString(), "--output",
                labels.toString()), errText());
        ImagePlus l = new Opener().openImage(labels.toString());
        assertEquals(0, l.getProcessor().get(5, 5));
        assertEquals(1, l.getProcessor().get(35, 5));

        assertEquals(3, run("segment", "--model", model, "--input", t1.toString(), "--output", tmp.resolve("x.tif").toString()));
        assertTrue(errText().contains("takes 2 channel(s); the input has 1"), errText());
        Path small = tif("small", 40, 20, 0, 0, 0.5), coarse = tif("coarse", 40, 24, 0, 0, 0.7);
        assertEquals(3, run("segment", "--model", model, "--input", t1.toString(), "--input", small.toString(), "--output",
                tmp.resolve("x.tif").toString()));
        assertTrue(errText().contains("small.tif: is 40×20×1 voxels but the first input is 40×24×1"), errText());
        assertEquals(3, run("segment", "--model", model, "--input", t1.toString(), "--input", coarse.toString(), "--output",
                tmp.resolve("x.tif").toString()));
        assertTrue(errText().contains("coarse.tif: has voxels of 0.7"), errText());
        assertEquals(2, run("segment", "--model", model, "--input", t1.toString(), "--input", t2.toString(), "--output", t2.toString()),
                "no input is ever overwritten");
    }

    private static final String MAKE = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "a = np.zeros((16, 12, 4), np.float32); a[8:] = 1",
            "aff = np.diag([0.9, 0.9, 3.0, 1.0]); aff[:3, 3] = [-10, 5, 2]",
            "nib.save(nib.Nifti1Image(a, aff), sys.argv[1])",
            "nib.save(nib.Nifti1Image(a * 0.8, aff), sys.argv[2])",
            "moved = aff.copy(); moved[0, 3] += 4.5",
            "nib.save(nib.Nifti1Image(a, moved), sys.argv[3])");

    @Test
    void niftiChannelsMustLieInTheSamePlace() throws Exception {
        Tools.requirePython("nibabel", "numpy");
        Path t1 = tmp.resolve("t1.nii.gz"), t2 = tmp.resolve("t2.nii.gz"), moved = tmp.resolve("moved.nii.gz");
        Tools.runPython(MAKE, t1, t2, moved);
        String model = Fixtures.fixture("mean-2ch-2d").toString();
        assertEquals(0, run("segment", "--model", model, "--input", t1.toString(), "--input", t2.toString(), "--output",
                tmp.resolve("l.nii.gz").toString()), errText());
        assertEquals(3, run("segment", "--model", model, "--input", t1.toString(), "--input", moved.toString(), "--output",
                tmp.resolve("m.nii.gz").toString()));
        assertTrue(errText().contains("moved.nii.gz: lies elsewhere in the world"), errText());
    }
}
