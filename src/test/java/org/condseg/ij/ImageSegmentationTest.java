package org.condseg.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;

import org.condseg.Fixtures;
import org.condseg.SyntheticVolumes;
import org.condseg.model.Progress;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ShortProcessor;

/** ImagePlus in, ImagePlus out: dimensions, calibration, hyperstacks, outputs, cancel. */
class ImageSegmentationTest {

    static final String IDENTITY = Fixtures.fixture("identity-2d").toString();
    static final String BRIGHT = Fixtures.fixture("bright-interactive-2d").toString();
    static final SegmentOptions OPTIONS = SegmentOptions.defaults().withThreads(1);

    static ImagePlus blobStack(SyntheticVolumes.Blob b) {
        ImageStack stack = new ImageStack(b.width(), b.height());
        for (short[] plane : b.image())
            stack.addSlice(new ShortProcessor(b.width(), b.height(), plane, null));
        ImagePlus imp = new ImagePlus("blob.tif", stack);
        imp.getCalibration().pixelWidth = 0.4;
        imp.getCalibration().pixelHeight = 0.4;
        imp.getCalibration().pixelDepth = 2.5;
        imp.getCalibration().setUnit("mm");
        return imp;
    }

    static ImageSegmentation.Outputs run(ImagePlus imp, String model, int channel, List<RoiPrompts.Prompted> objects,
            boolean propagate) throws Exception {
        return ImageSegmentation.run(new ImageSegmentation.Request(imp, model, channel, objects, null, propagate, OPTIONS, true, true),
                m -> { }, Progress.NONE, () -> false);
    }

    @Test
    void aRectangleOnOneSlicePropagatesThroughTheStack() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(9, 88, 72, 19);
        ImagePlus imp = blobStack(b);
        var box = b.seedBox();
        Roi roi = new Roi((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height());
        imp.setSlice((int) box.z() + 1);
        ImageSegmentation.Outputs out = run(imp, BRIGHT, 1, List.of(RoiPrompts.fromRoi(roi, imp)), true);
        ImagePlus labels = out.labels();
        assertEquals("blob-labels", labels.getTitle());
        assertEquals(List.of(88, 72, 1, 19, 1), List.of(labels.getWidth(), labels.getHeight(), labels.getNChannels(),
                labels.getNSlices(), labels.getNFrames()));
        assertEquals(8, labels.getBitDepth());
        assertEquals(2.5, labels.getCalibration().pixelDepth, 1e-12);
        assertEquals("mm", labels.getCalibration().getUnit());
        double dice = dice(labels, b);
        assertTrue(dice > 0.85, "Dice " + dice);
        assertTrue(String.valueOf(labels.getProp(LabelImages.PROVENANCE)).contains("\"propagate\""));
        assertEquals("blob-probabilities", out.probabilities().getTitle());
        assertEquals(32, out.uncertainty().getBitDepth());
        assertEquals(19, out.uncertainty().getNSlices());

        ResultsTable rt = LabelMeasurements.table(labels);
        assertEquals(1, rt.size());
        long voxels = (long) rt.getValue("Voxels", 0);
        assertEquals(voxels * 0.4 * 0.4 * 2.5, rt.getValue("Volume (mm^3)", 0), 1e-6);
        List<Roi> rois = LabelRois.of(labels);
        assertTrue(rois.size() > 5 && rois.stream().allMatch(r -> r.getName().startsWith("label-1-z")), rois.size() + " ROIs");
    }

    @Test
    void aHyperstackKeepsItsSlicesAndFramesAndSegmentsOneChannel() throws Exception {
        ImagePlus imp = IJ.createImage("movie.tif", "32-bit black", 24, 16, 2 * 3 * 4);
        imp.setDimensions(2, 3, 4);
        imp.setOpenAsHyperStack(true);
        imp.getCalibration().frameInterval = 7;
        // channel 2 is bright (1) on the right half in every plane, channel 1 is dark
        for (int z = 1; z <= 3; z++)
            for (int t = 1; t <= 4; t++) {
                var ip = imp.getStack().getProcessor(imp.getStackIndex(2, z, t));
                for (int y = 0; y < 16; y++)
                    for (int x = 12 + t; x < 24; x++)
                        ip.setf(x, y, 1);
            }
        ImagePlus labels = run(imp, IDENTITY, 2, List.of(), false).labels();
        assertEquals(List.of(24, 16, 1, 3, 4), List.of(labels.getWidth(), labels.getHeight(), labels.getNChannels(),
                labels.getNSlices(), labels.getNFrames()));
        assertEquals(7, labels.getCalibration().frameInterval, 1e-12);
        for (int t = 1; t <= 4; t++) {
            var ip = labels.getStack().getProcessor(labels.getStackIndex(1, 2, t));
            assertEquals(0, ip.get(12 + t - 1, 5), "frame " + t);
            assertEquals(1, ip.get(12 + t, 5), "frame " + t);
        }
        assertTrue(String.valueOf(labels.getProp(LabelImages.PROVENANCE)).startsWith("{\"channel\":2,\"frames\":["));
        assertEquals(0, run(imp, IDENTITY, 1, List.of(), false).objects());
    }

    @Test
    void anInteractiveModelSegmentsOnlyTheFramesWithPromptsAndNumbersObjectsAcrossThem() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(4, 64, 64, 1);
        ImageStack stack = new ImageStack(64, 64);
        for (int t = 0; t < 3; t++)
            stack.addSlice(new ShortProcessor(64, 64, b.image()[0].clone(), null));
        ImagePlus imp = new ImagePlus("series", stack);
        imp.setDimensions(1, 1, 3);
        var box = b.seedBox();
        Roi a = new Roi((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height()), c = (Roi) a.clone();
        a.setPosition(0, 1, 1);
        c.setPosition(0, 1, 3);
        ImageSegmentation.Outputs out = run(imp, BRIGHT, 1, RoiPrompts.fromRois(new Roi[] {a, c}, imp), false);
        assertEquals(2, out.objects());
        ResultsTable rt = LabelMeasurements.table(out.labels());
        assertEquals(2, rt.size());
        assertEquals(1, rt.getValue("Frame", 0));
        assertEquals(3, rt.getValue("Frame", 1));
        assertEquals(2, rt.getValue("Label", 1));
    }

    @Test
    void badRequestsAreRefusedWithOneLine() {
        ImagePlus imp = IJ.createImage("x", "8-bit black", 16, 16, 1);
        var e = assertThrows(UsageException.class, () -> run(imp, BRIGHT, 1, List.of(), false));
        assertTrue(e.getMessage().contains("needs a prompt"), e.getMessage());
        assertThrows(UsageException.class, () -> run(imp, IDENTITY, 2, List.of(), false));
        assertThrows(UsageException.class, () -> run(imp, IDENTITY, 1, List.of(RoiPrompts.fromRoi(new Roi(1, 1, 4, 4), imp)), false));
        assertThrows(UsageException.class, () -> run(imp, IDENTITY, 1, List.of(), true));
    }

    @Test
    void cancellingLeavesNothing() {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(9, 64, 64, 9);
        ImagePlus imp = blobStack(b);
        var box = b.seedBox();
        imp.setSlice((int) box.z() + 1);
        Roi roi = new Roi((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height());
        int[] calls = {0};
        assertThrows(CancellationException.class, () -> ImageSegmentation.run(new ImageSegmentation.Request(imp, BRIGHT, 1,
                List.of(RoiPrompts.fromRoi(roi, imp)), null, true, OPTIONS, false, false), m -> { }, Progress.NONE, () -> ++calls[0] > 2));
        assertNull(ij.WindowManager.getImage("blob-labels"));
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

    @Test
    void aStackWhoseResultsWouldNotFitIsRefusedBeforeAnyWorkInOneMessage() {
        ImagePlus imp = new ImagePlus("big.tif", new ij.process.ByteProcessor(8, 8));
        org.condseg.model.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(org.condseg.model.UsageException.class,
                () -> ImageSegmentation.checkMemory(imp, 1L << 40, 100));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("big.tif: segmenting it needs about 104857600 MiB")
                && e.getMessage().contains("Edit > Options > Memory & Threads") && !e.getMessage().contains("--"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(org.condseg.model.UsageException.class,
                () -> ImageSegmentation.checkMemory(imp, Long.MAX_VALUE / 2, 3), "an overflowing need is refused too");
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> ImageSegmentation.checkMemory(imp, 1 << 20, 2));
    }
}
