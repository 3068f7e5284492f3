package org.condseg.segment;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Decodes stitched output channels into labels: one channel is thresholded (label 1 above the
 * threshold), several give the index of the largest channel (channel 0 is the background). The
 * foreground probability goes to {@code prob}.
 *
 * <pre>{@code
 * Decoder.decode(List.of(foreground), 0.5, labels, prob);
 * }</pre>
 */
final class Decoder {

    private Decoder() {
    }

    static void decode(List<RandomAccessibleInterval<FloatType>> channels, double threshold,
            RandomAccessibleInterval<UnsignedShortType> labels, RandomAccessibleInterval<FloatType> prob) {
        List<Cursor<FloatType>> in = new ArrayList<>();
        for (var c : channels)
            in.add(Views.flatIterable(c).cursor());
        Cursor<UnsignedShortType> l = Views.flatIterable(labels).cursor();
        Cursor<FloatType> p = Views.flatIterable(prob).cursor();
        while (l.hasNext()) {
            l.fwd();
            p.fwd();
            if (in.size() == 1) {
                float v = in.get(0).next().get();
                p.get().set(v);
                l.get().set(v > threshold ? 1 : 0);
            } else {
                int best = 0;
                float bestValue = Float.NEGATIVE_INFINITY, background = 0;
                for (int c = 0; c < in.size(); c++) {
                    float v = in.get(c).next().get();
                    if (c == 0)
                        background = v;
                    if (v > bestValue) {
                        bestValue = v;
                        best = c;
                    }
                }
                p.get().set(1 - background);
                l.get().set(best);
            }
        }
    }
}
