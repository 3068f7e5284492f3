package org.condseg.conditioning;

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
        float[] work = values.clone();
        float lo = select(work, (int) Math.floor(lowPercentile / 100 * (n - 1)));
        float hi = select(work, (int) Math.ceil(highPercentile / 100 * (n - 1)));
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

    /**
     * The k-th smallest value (0-based) of {@code a}, which it partly reorders: the value a full sort
     * would put at index k, found in linear expected time (quickselect, median-of-three pivots).
     */
    static float select(float[] a, int k) {
        int lo = 0, hi = a.length - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three to the middle, as pivot
            if (Float.compare(a[mid], a[lo]) < 0) swap(a, mid, lo);
            if (Float.compare(a[hi], a[lo]) < 0) swap(a, hi, lo);
            if (Float.compare(a[hi], a[mid]) < 0) swap(a, hi, mid);
            float pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j) {
                while (Float.compare(a[i], pivot) < 0) i++;
                while (Float.compare(a[j], pivot) > 0) j--;
                if (i <= j)
                    swap(a, i++, j--);
            }
            if (k <= j)
                hi = j;
            else if (k >= i)
                lo = i;
            else
                return a[k];
        }
        return a[k];
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
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
