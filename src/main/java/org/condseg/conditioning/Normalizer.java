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
        int kLo = (int) Math.floor(lowPercentile / 100 * (n - 1)), kHi = (int) Math.ceil(highPercentile / 100 * (n - 1));
        float lo = smallest(values, kLo), hi = -smallest(negated(values), n - 1 - kHi);
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
     * The k-th smallest value (0-based) of {@code a}, left unchanged. For a k near the low end it
     * looks only at the values at or below a bound read from a strided sample (one predictable pass
     * and a small selection); where the sample's bound holds too few values it selects over a copy.
     */
    static float smallest(float[] a, int k) {
        int n = a.length, stride = Math.max(1, n / 512);
        float[] sample = new float[(n + stride - 1) / stride];
        for (int i = 0, j = 0; i < n; i += stride)
            sample[j++] = a[i];
        // aim for about twice the needed count below the bound, plus a margin for unlucky samples
        int rank = (int) Math.min(sample.length - 1, (2L * (k + 1) + 2L * stride) / stride + 4);
        float bound = select(sample, rank);
        int below = 0;
        for (float v : a)
            if (v <= bound)
                below++;
        if (below <= k || below > n / 2)
            return select(a.clone(), k);
        float[] small = new float[below];
        int m = 0;
        for (float v : a)
            if (v <= bound)
                small[m++] = v;
        return select(small, k);
    }

    private static float[] negated(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++)
            out[i] = -a[i];
        return out;
    }

    /**
     * The k-th smallest value (0-based) of {@code a}, which it partly reorders: the value a full sort
     * would put at index k, found in linear expected time (quickselect, median-of-three pivots). On
     * return, a[0..k) holds no value above a[k] and a(k..] none below. The values must not be NaN.
     */
    static float select(float[] a, int k) {
        int lo = 0, hi = a.length - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three to the middle, as pivot
            if (a[mid] < a[lo]) swap(a, mid, lo);
            if (a[hi] < a[lo]) swap(a, hi, lo);
            if (a[hi] < a[mid]) swap(a, hi, mid);
            float pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
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
