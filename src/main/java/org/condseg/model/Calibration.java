package org.condseg.model;

import java.util.Arrays;

/**
 * Voxel spacing (x, y, z), its unit and the position of the first voxel.
 *
 * <pre>{@code
 * Calibration cal = new Calibration(new double[] {0.8, 0.8, 5}, "mm", new double[3]);
 * double voxelVolume = cal.voxelVolume();
 * }</pre>
 */
public record Calibration(double[] spacing, String unit, double[] origin) {

    public static final Calibration NONE = new Calibration(new double[] {1, 1, 1}, "pixel", new double[3]);

    public Calibration {
        if (spacing.length != 3 || origin.length != 3)
            throw new IllegalArgumentException("calibration needs 3 spacings and 3 origins, got "
                    + Arrays.toString(spacing) + " and " + Arrays.toString(origin));
        for (double s : spacing)
            if (!(s > 0) || Double.isInfinite(s))
                throw new IllegalArgumentException("voxel spacing " + Arrays.toString(spacing) + " is not positive");
        spacing = spacing.clone();
        origin = origin.clone();
        unit = unit == null || unit.isBlank() ? "pixel" : unit;
    }

    @Override
    public double[] spacing() {
        return spacing.clone();
    }

    @Override
    public double[] origin() {
        return origin.clone();
    }

    public double voxelVolume() {
        return spacing[0] * spacing[1] * spacing[2];
    }

    /** Whether the unit is a length (not "pixel"). */
    public boolean calibrated() {
        return !unit.equals("pixel");
    }
}
