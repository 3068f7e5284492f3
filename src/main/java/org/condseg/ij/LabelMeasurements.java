package org.condseg.ij;

import java.util.TreeMap;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;

/**
 * One results-table row per object of a label image: its label, (frame,) voxel count and volume in
 * calibrated units (voxels times the voxel volume), and its first and last slice.
 *
 * <pre>{@code
 * ResultsTable rt = LabelMeasurements.table(labels);
 * rt.show("CondSeg Objects");
 * }</pre>
 */
public final class LabelMeasurements {

    private LabelMeasurements() {
    }

    public static ResultsTable table(ImagePlus labels) {
        Calibration cal = labels.getCalibration();
        double voxel = cal.pixelWidth * cal.pixelHeight * (labels.getNSlices() > 1 ? cal.pixelDepth : 1);
        String unit = cal.getUnit() == null || cal.getUnit().isBlank() ? "pixel" : cal.getUnit();
        String volume = labels.getNSlices() > 1 ? "Volume (" + unit + "^3)" : "Area (" + unit + "^2)";
        ResultsTable rt = new ResultsTable();
        ImageStack stack = labels.getStack();
        int n = labels.getWidth() * labels.getHeight();
        for (int t = 1; t <= labels.getNFrames(); t++) {
            TreeMap<Integer, long[]> objects = new TreeMap<>(); // label -> {voxels, first slice, last slice}
            for (int z = 1; z <= labels.getNSlices(); z++) {
                ImageProcessor ip = stack.getProcessor(labels.getStackIndex(1, z, t));
                for (int i = 0; i < n; i++) {
                    int v = ip.get(i);
                    if (v == 0)
                        continue;
                    final int slice = z;
                    long[] o = objects.computeIfAbsent(v, k -> new long[] {0, slice, slice});
                    o[0]++;
                    o[2] = z;
                }
            }
            for (var e : objects.entrySet()) {
                rt.incrementCounter();
                rt.addValue("Label", e.getKey());
                if (labels.getNFrames() > 1)
                    rt.addValue("Frame", t);
                rt.addValue("Voxels", e.getValue()[0]);
                rt.addValue(volume, e.getValue()[0] * voxel);
                if (labels.getNSlices() > 1) {
                    rt.addValue("First slice", e.getValue()[1]);
                    rt.addValue("Last slice", e.getValue()[2]);
                }
            }
        }
        return rt;
    }
}
