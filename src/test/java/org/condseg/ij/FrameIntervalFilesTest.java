package org.condseg.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ij.IJ;
import ij.ImagePlus;

/**
 * A time series' frame interval (ImageJ's {@code Calibration.frameInterval} and time unit) crosses
 * every writable format that can hold it and comes back into ImageJ: TIFF (ImageJ's own description),
 * NIfTI, MetaImage and NRRD; and a label image written for a 4D input keeps it a second time.
 */
class FrameIntervalFilesTest {

    @TempDir
    Path tmp;

    private static ImagePlus movie() {
        ImagePlus imp = IJ.createImage("movie", "16-bit ramp", 7, 5, 3 * 4);
        imp.setDimensions(1, 3, 4);
        imp.setOpenAsHyperStack(true);
        imp.getCalibration().setUnit("mm");
        imp.getCalibration().pixelDepth = 2;
        imp.getCalibration().frameInterval = 0.75;
        imp.getCalibration().setTimeUnit("sec");
        return imp;
    }

    @ParameterizedTest
    @ValueSource(strings = {"m.tif", "m.nii", "m.nii.gz", "m.mha", "m.mhd", "m.nrrd"})
    void theFrameIntervalComesBackIntoImageJ(String name) throws Exception {
        Path f = tmp.resolve(name);
        ImageFiles.write(movie(), f);
        ImagePlus back = ImageFiles.read(f);
        assertEquals(4, back.getNFrames(), name);
        assertEquals(3, back.getNSlices(), name);
        assertEquals(0.75, back.getCalibration().frameInterval, 1e-6, name);
        assertEquals("sec", back.getCalibration().getTimeUnit(), name);

        // read → write → read: the image read from the file (carrying its header) written again
        Path again = tmp.resolve("again-" + name);
        ImageFiles.write(back, again);
        assertEquals(0.75, ImageFiles.read(again).getCalibration().frameInterval, 1e-6, name + " rewritten");
    }
}
