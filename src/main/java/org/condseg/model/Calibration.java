package org.condseg.model;

import java.util.Arrays;

/**
 * Voxel spacing (x, y, z), its unit, the position of the first voxel, and the time between frames
 * with its unit ({@code frameInterval} 0 where unknown, as ImageJ keeps it; the time unit defaults to
 * ImageJ's {@code "sec"}).
 *
 * <pre>{@code
 * Calibration cal = new Calibration(new double[] {0.8, 0.8, 5}, "mm", new double[3]);
 * double voxelVolume = cal.voxelVolume();
 * Calibration movie = cal.withFrameInterval(2.5, "sec"); // 2.5 s between frames
 * }</pre>
 */
public record Calibration(double[] spacing, String unit, double[] origin, double frameInterval, String timeUnit) {

    public static final Calibration NONE = new Calibration(new double[] {1, 1, 1}, "pixel", new double[3]);

    /** ImageJ's default time unit. */
    public static final String SECONDS = "sec";

    public Calibration {
        if (spacing.length != 3 || origin.length != 3)
            throw new IllegalArgumentException("calibration needs 3 spacings and 3 origins, got "
                    + Arrays.toString(spacing) + " and " + Arrays.toString(origin));
        for (double s : spacing)
            if (!(s > 0) || Double.isInfinite(s))
                throw new IllegalArgumentException("voxel spacing " + Arrays.toString(spacing) + " is not positive");
        if (!(frameInterval >= 0) || Double.isInfinite(frameInterval))
            throw new IllegalArgumentException("frame interval " + frameInterval + " is not a finite number of at least 0");
        spacing = spacing.clone();
        origin = origin.clone();
        unit = unit == null || unit.isBlank() ? "pixel" : unit;
        timeUnit = timeUnit == null || timeUnit.isBlank() ? SECONDS : timeUnit.trim();
    }

    /** A calibration without a frame interval. */
    public Calibration(double[] spacing, String unit, double[] origin) {
        this(spacing, unit, origin, 0, SECONDS);
    }

    /** The same calibration with this time between frames ({@code 0}: unknown). */
    public Calibration withFrameInterval(double interval, String timeUnit) {
        return new Calibration(spacing, unit, origin, interval, timeUnit);
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

    /** Whether the time between frames is known. */
    public boolean timed() {
        return frameInterval > 0;
    }
}
