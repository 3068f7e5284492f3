package org.condseg.model;

import java.util.List;

/**
 * How closely a model must reproduce its test outputs: the bioimage.io specification's
 * {@code ReproducibilityTolerance}. An element is mismatched where
 * {@code |actual - expected| > absolute + relative * |expected|}; the output is reproduced where at most
 * {@code mismatchedPerMillion} elements per million are mismatched.
 *
 * <pre>{@code
 * Tolerance t = Tolerance.DEFAULT; // rtol 1e-3, atol 1e-4, 100 per million
 * boolean ok = t.mismatched(actual, expected) <= t.allowed(expected.length);
 * }</pre>
 *
 * @param relative the relative tolerance, &ge; 0
 * @param absolute the absolute tolerance, &ge; 0
 * @param mismatchedPerMillion how many elements per million may be mismatched, &ge; 0
 * @param outputIds the outputs this tolerance applies to (empty: all)
 * @param weightsFormats the weights formats it applies to (empty: all)
 */
public record Tolerance(double relative, double absolute, double mismatchedPerMillion, List<String> outputIds,
        List<String> weightsFormats) {

    /** The specification's defaults for format 0.5. */
    public static final Tolerance DEFAULT = new Tolerance(1e-3, 1e-4, 100, List.of(), List.of());

    /** What bioimage.io's test uses for a format 0.4 description: rtol 1e-3, atol 1e-3, no mismatch. */
    public static final Tolerance FORMAT_04 = new Tolerance(1e-3, 1e-3, 0, List.of(), List.of());

    public Tolerance {
        outputIds = List.copyOf(outputIds);
        weightsFormats = List.copyOf(weightsFormats);
        if (!(relative >= 0) || !(absolute >= 0) || !(mismatchedPerMillion >= 0) || !(mismatchedPerMillion <= 1e6))
            throw new IllegalArgumentException("tolerance: relative " + relative + ", absolute " + absolute
                    + " and mismatched elements per million " + mismatchedPerMillion + " must be >= 0 (and <= 1e6)");
    }

    /** Whether this entry applies to the output {@code id} run from {@code format} weights. */
    public boolean appliesTo(String id, String format) {
        return (outputIds.isEmpty() || outputIds.contains(id)) && (weightsFormats.isEmpty() || weightsFormats.contains(format));
    }

    /** Whether {@code actual} is mismatched against {@code expected}. */
    public boolean mismatched(double actual, double expected) {
        double diff = Math.abs(actual - expected);
        return !(diff <= absolute + relative * Math.abs(expected));
    }
}
