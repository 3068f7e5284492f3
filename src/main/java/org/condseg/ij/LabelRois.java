package org.condseg.ij;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ImageProcessor;

/**
 * The objects of a label image as ROIs: one per label and slice, named {@code label-L-zZ[-tT]},
 * positioned on that slice and frame (all channels) so that the ROI Manager shows each on its plane of
 * the input image.
 *
 * <pre>{@code
 * for (Roi r : LabelRois.of(labels)) roiManager.addRoi(r);
 * }</pre>
 */
public final class LabelRois {

    private LabelRois() {
    }

    public static List<Roi> of(ImagePlus labels) {
        List<Roi> out = new ArrayList<>();
        ImageStack stack = labels.getStack();
        boolean frames = labels.getNFrames() > 1;
        for (int t = 1; t <= labels.getNFrames(); t++)
            for (int z = 1; z <= labels.getNSlices(); z++) {
                ImageProcessor ip = stack.getProcessor(labels.getStackIndex(1, z, t));
                TreeSet<Integer> present = new TreeSet<>();
                for (int i = 0; i < ip.getPixelCount(); i++)
                    if (ip.get(i) != 0)
                        present.add(ip.get(i));
                for (int label : present) {
                    ImageProcessor one = ip.duplicate();
                    one.setThreshold(label, label, ImageProcessor.NO_LUT_UPDATE);
                    Roi roi = new ThresholdToSelection().convert(one);
                    if (roi == null)
                        continue;
                    roi.setName("label-" + label + "-z" + z + (frames ? "-t" + t : ""));
                    roi.setPosition(0, z, t);
                    out.add(roi);
                }
            }
        return out;
    }
}
