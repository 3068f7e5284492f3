package org.condseg.io.image;

import java.nio.file.Path;

import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.model.InputException;

/**
 * The grid of an image: its size in voxels, its voxel spacing and, where it was read from a medical
 * file, its place in the world ({@code null} otherwise). The channels of one multi-modal input must
 * share the first channel's grid ({@link #checkSame}).
 *
 * <pre>{@code
 * Grid.of(t1).checkSame(Grid.of(t2), Path.of("t2.nii.gz"), "", "the first input");
 * }</pre>
 */
public record Grid(int width, int height, int slices, double[] spacing, Geometry geometry) {

    public Grid {
        spacing = spacing.clone();
    }

    @Override
    public double[] spacing() {
        return spacing.clone();
    }

    public static Grid of(MedicalImage m) {
        return new Grid(m.voxels().width(), m.voxels().height(), m.voxels().slices(), m.calibration().spacing(), m.geometry());
    }

    /**
     * Refuses {@code other} unless it has this grid's size, spacing (to 0.1 %) and, where both have a
     * geometry, the same affine (1e-3 mm, 1e-4 in direction). The message names {@code file}, starts
     * with {@code who} (an image's title and a space, or empty) and calls this grid {@code reference}.
     */
    public void checkSame(Grid other, Path file, String who, String reference) throws InputException {
        if (other.width != width || other.height != height || other.slices != slices)
            throw new InputException(file, who + "is " + other.size() + " voxels but " + reference + " is " + size()
                    + "; the channels of one input share its grid");
        double[] a = spacing, b = other.spacing;
        for (int d = 0; d < 3; d++)
            if (Math.abs(a[d] - b[d]) > 1e-3 * Math.max(Math.abs(a[d]), Math.abs(b[d])))
                throw new InputException(file, who + "has voxels of " + b[0] + " × " + b[1] + " × " + b[2] + " but " + reference + " "
                        + a[0] + " × " + a[1] + " × " + a[2] + "; resample it onto the first input's grid");
        if (geometry != null && other.geometry != null && !sameAffine(geometry, other.geometry))
            throw new InputException(file, who + "lies elsewhere in the world than " + reference + " (its affine " + other.geometry
                    + " differs from " + geometry + "); resample it onto the first input's grid");
    }

    private String size() {
        return width + "×" + height + "×" + slices;
    }

    private static boolean sameAffine(Geometry a, Geometry b) {
        double[][] x = a.affine(), y = b.affine();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                if (Math.abs(x[i][j] - y[i][j]) > (j == 3 ? 1e-3 : 1e-4 * (1 + Math.abs(x[i][j]))))
                    return false;
        return true;
    }
}
