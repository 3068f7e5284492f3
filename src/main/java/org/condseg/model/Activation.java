package org.condseg.model;

import java.util.Locale;

/**
 * How a conditioned model's raw output becomes a foreground probability ({@code config.condseg.output.activation}):
 * the one implementation every segmenter uses.
 *
 * <pre>{@code
 * Activation a = Activation.parse("sigmoid");
 * a.apply(values);                                     // one channel, in place
 * a.foreground(out, offset, channels, n, probability); // softmax over channels: the last one is the object
 * }</pre>
 */
public enum Activation {
    /** the output is a logit: {@code 1 / (1 + e^-x)} */
    SIGMOID,
    /** the output has a channel per class, background first: the softmax's last channel */
    SOFTMAX,
    /** the output is already a probability */
    NONE;

    /** The activation named {@code text} (as in rdf.yaml); an IllegalArgumentException listing the names otherwise. */
    public static Activation parse(String text) {
        for (Activation a : values())
            if (a.text().equals(text))
                return a;
        throw new IllegalArgumentException("'" + text + "' is not an activation; expected sigmoid, softmax or none");
    }

    /** The name in rdf.yaml. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The logistic function. */
    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * Applies this activation in place to a one-channel output.
     *
     * @throws IllegalStateException for {@link #SOFTMAX}, which needs the channels ({@link #foreground})
     */
    public void apply(float[] values) {
        if (this == SOFTMAX)
            throw new IllegalStateException("a softmax needs the output's channels");
        if (this == SIGMOID)
            for (int i = 0; i < values.length; i++)
                values[i] = (float) sigmoid(values[i]);
    }

    /**
     * The foreground probability of one output row of {@code channels} planes of {@code n} values starting
     * at {@code offset} in {@code out}: the last channel, activated (for a softmax, over all channels).
     */
    public void foreground(float[] out, int offset, int channels, int n, float[] probability) {
        int last = offset + (channels - 1) * n;
        for (int i = 0; i < n; i++) {
            double v = out[last + i];
            if (this == SOFTMAX) {
                double max = v;
                for (int c = 0; c < channels; c++)
                    max = Math.max(max, out[offset + c * n + i]);
                double sum = 0;
                for (int c = 0; c < channels; c++)
                    sum += Math.exp(out[offset + c * n + i] - max);
                probability[i] = (float) (Math.exp(v - max) / sum);
            } else {
                probability[i] = (float) (this == SIGMOID ? sigmoid(v) : v);
            }
        }
    }
}
