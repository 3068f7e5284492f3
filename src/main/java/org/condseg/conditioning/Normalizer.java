package org.condseg.conditioning;

import java.util.Arrays;

/**
 * Percentile clipping then zero mean, unit variance, over all values of a window. With n values
 * sorted as v, the bounds are {@code v[floor(lo/100 * (n-1))]} and {@code v[ceil(hi/100 * (n-1))]};
 * the standard deviation is the population one, and {@code 1e-6} is added to it.
 *
 * <pre>{@code
 * Normalizer.clipAndStandardise(values, 0.5, 99.5);
 * }</pre>
 */
public final class Normalizer {

    private Normalizer() {
    }

    /** Normalises {@code values} in place. */
    public static void clipAndStandardise(float[] values, double lowPercentile, double highPercentile) {
        int n = values.length;
        if (n == 0)
            return;
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) Math.floor(lowPercentile / 100 * (n - 1))];
        float hi = sorted[(int) Math.ceil(highPercentile / 100 * (n - 1))];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            values[i] = Math.min(Math.max(values[i], lo), hi);
            sum += values[i];
        }
        double mean = sum / n, ss = 0;
        for (float v : values)
            ss += (v - mean) * (v - mean);
        double std = Math.sqrt(ss / n) + 1e-6;
        for (int i = 0; i < n; i++)
            values[i] = (float) ((values[i] - mean) / std);
    }

    /** Zero mean, unit variance in place, with {@code eps} added to the standard deviation. */
    public static void standardise(float[] values, int from, int to, double eps) {
        double sum = 0;
        for (int i = from; i < to; i++)
            sum += values[i];
        double mean = sum / (to - from), ss = 0;
        for (int i = from; i < to; i++)
            ss += (values[i] - mean) * (values[i] - mean);
        double std = Math.sqrt(ss / (to - from)) + eps;
        for (int i = from; i < to; i++)
            values[i] = (float) ((values[i] - mean) / std);
    }
}
