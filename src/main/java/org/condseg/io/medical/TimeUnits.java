package org.condseg.io.medical;

import java.util.Locale;

/**
 * The time units that frame intervals come in (ImageJ's {@code "sec"}, {@code "ms"}, {@code "min"}…, NIfTI's
 * seconds, milliseconds and microseconds) and their conversion to seconds, for formats that hold the frame
 * interval without a unit (MetaImage) or with a fixed set of them (NIfTI).
 *
 * <pre>{@code
 * double s = TimeUnits.seconds(250, "ms"); // 0.25
 * double x = TimeUnits.seconds(3, "Hz");   // NaN: not a time unit
 * }</pre>
 */
public final class TimeUnits {

    private TimeUnits() {
    }

    /** How many seconds one {@code unit} is, or NaN where the unit is not a time unit this class knows. */
    public static double secondsPer(String unit) {
        if (unit == null)
            return Double.NaN;
        return switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "s", "sec", "secs", "second", "seconds" -> 1;
            case "ms", "msec", "millisecond", "milliseconds" -> 1e-3;
            case "µs", "\u03bcs", "us", "usec", "microsecond", "microseconds" -> 1e-6;
            case "ns", "nsec", "nanosecond", "nanoseconds" -> 1e-9;
            case "min", "mins", "minute", "minutes" -> 60;
            case "h", "hr", "hrs", "hour", "hours" -> 3600;
            default -> Double.NaN;
        };
    }

    /** {@code value} {@code unit}s in seconds, or NaN where the unit is not a time unit. */
    public static double seconds(double value, String unit) {
        return value * secondsPer(unit);
    }
}
