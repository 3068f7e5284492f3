package org.condseg.ij;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.io.medical.Geometry;
import org.condseg.model.InputException;
import org.condseg.model.Volume;

import ij.ImagePlus;

/**
 * The further channels of a multi-modal input given as separate images (T2 beside T1, CT at a second
 * window): each must lie on the first image's grid, same width, height and slices, the same voxel
 * spacing (to 0.1%) and, where both were read from medical files, the same place in the world (their
 * affines equal to 1e-3 mm and 1e-4 in direction); otherwise an {@link InputException} names the image
 * and the difference. Resample one onto the other first.
 *
 * <pre>{@code
 * List<Volume> more = InputChannels.more(t1, List.of(t2), List.of(Path.of("t2.nii.gz")));
 * SegmentRequest r = new SegmentRequest(ImagePlusAdapter.toVolume(t1), Prompts.NONE, options, more);
 * }</pre>
 */
public final class InputChannels {

    private InputChannels() {
    }

    public static List<Volume> more(ImagePlus first, List<ImagePlus> others, List<Path> files) throws InputException {
        List<Volume> out = new ArrayList<>();
        for (int k = 0; k < others.size(); k++) {
            ImagePlus o = others.get(k);
            Path file = files.get(k);
            if (o.getWidth() != first.getWidth() || o.getHeight() != first.getHeight() || o.getNSlices() != first.getNSlices())
                throw new InputException(file, "is " + size(o) + " voxels but the first input is " + size(first)
                        + "; the channels of one input share its grid");
            double[] a = ImagePlusAdapter.calibration(first).spacing(), b = ImagePlusAdapter.calibration(o).spacing();
            for (int d = 0; d < 3; d++)
                if (Math.abs(a[d] - b[d]) > 1e-3 * Math.max(Math.abs(a[d]), Math.abs(b[d])))
                    throw new InputException(file, "has voxels of " + b[0] + " × " + b[1] + " × " + b[2] + " but the first input "
                            + a[0] + " × " + a[1] + " × " + a[2] + "; resample it onto the first input's grid");
            MedicalImages.Reference ra = MedicalImages.reference(first), rb = MedicalImages.reference(o);
            if (ra != null && rb != null && ra.geometry() != null && rb.geometry() != null && !same(ra.geometry(), rb.geometry()))
                throw new InputException(file, "lies elsewhere in the world than the first input (its affine " + rb.geometry()
                        + " differs from " + ra.geometry() + "); resample it onto the first input's grid");
            out.add(ImagePlusAdapter.toVolume(o));
        }
        return out;
    }

    private static boolean same(Geometry a, Geometry b) {
        double[][] x = a.affine(), y = b.affine();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                if (Math.abs(x[i][j] - y[i][j]) > (j == 3 ? 1e-3 : 1e-4 * (1 + Math.abs(x[i][j]))))
                    return false;
        return true;
    }

    private static String size(ImagePlus imp) {
        return imp.getWidth() + "×" + imp.getHeight() + "×" + imp.getNSlices();
    }
}
