package org.condseg.refine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size or radius as a step gives it: a number and a unit, {@code px} (voxels) or a length unit
 * ({@code nm}, {@code um}/{@code µm}, {@code mm}, {@code cm}, {@code m}) raised to a power 1, 2 or 3
 * ({@code 1.5mm}, {@code 20mm2}, {@code 20mm3}; {@code ml} is {@code cm3}).
 *
 * <pre>{@code
 * Quantity q = Quantity.parse("20mm3");   // value 20, power 3, 1 mm³ = 1 mm³
 * double mm3 = q.inMillimetres();         // 20.0
 * }</pre>
 *
 * @param value the number
 * @param unit {@code px} or the length unit as written
 * @param power 1 (length), 2 (area) or 3 (volume); 1 for {@code px}
 */
record Quantity(double value, String unit, int power) {

    private static final Pattern FORM = Pattern.compile("([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([a-zA-Zµμ]+)([23²³]?)");

    Quantity {
        if (!(value >= 0) || Double.isInfinite(value))
            throw new IllegalArgumentException("size " + value + " is not a finite number ≥ 0");
    }

    static Quantity parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches())
            throw new IllegalArgumentException("'" + text + "' is not a number with a unit (e.g. 1.5mm, 20mm3, 3px)");
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        String p = m.group(3);
        int power = p.isEmpty() ? 1 : p.equals("2") || p.equals("²") ? 2 : 3;
        if (unit.equals("ml")) {
            if (!p.isEmpty())
                throw new IllegalArgumentException("'" + text + "': ml is a volume already");
            return new Quantity(Double.parseDouble(m.group(1)), "cm", 3);
        }
        if (isPixels(unit)) {
            if (!p.isEmpty())
                throw new IllegalArgumentException("'" + text + "': px counts voxels; write it without a power");
            return new Quantity(Double.parseDouble(m.group(1)), "px", 1);
        }
        if (Double.isNaN(millimetres(unit)))
            throw new IllegalArgumentException("'" + text + "': unknown unit '" + m.group(2) + "' (use px, nm, um, mm, cm, m or ml)");
        return new Quantity(Double.parseDouble(m.group(1)), unit, power);
    }

    boolean pixels() {
        return unit.equals("px");
    }

    /** The value in mm, mm² or mm³ (by the power); only for length units. */
    double inMillimetres() {
        return value * Math.pow(millimetres(unit), power);
    }

    @Override
    public String toString() {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
        return v + unit + (power == 1 ? "" : String.valueOf(power));
    }

    private static boolean isPixels(String unit) {
        return unit.equals("px") || unit.equals("pixel") || unit.equals("pixels") || unit.equals("vx") || unit.equals("voxel")
                || unit.equals("voxels");
    }

    /**
     * Millimetres in one {@code unit} (a length unit as users and ImageJ write it), or NaN where it is
     * not a length unit this package knows.
     */
    static double millimetres(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT).trim()) {
            case "nm", "nanometer", "nanometers", "nanometre", "nanometres" -> 1e-6;
            case "um", "µm", "μm", "micron", "microns", "micrometer", "micrometers", "micrometre", "micrometres" -> 1e-3;
            case "mm", "millimeter", "millimeters", "millimetre", "millimetres" -> 1;
            case "cm", "centimeter", "centimeters", "centimetre", "centimetres" -> 10;
            case "m", "meter", "meters", "metre", "metres" -> 1000;
            case "in", "inch", "inches" -> 25.4;
            default -> Double.NaN;
        };
    }
}
