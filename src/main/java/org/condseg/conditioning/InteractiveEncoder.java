package org.condseg.conditioning;

import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Builds the input tensor of an interactive model for one object on one 2D slice: the image
 * resampled into the window and normalised on every channel that carries no condition, and the
 * condition channels the model declares. For a model that continues from a mask (a {@code previous}
 * channel), a mask given together with clicks is the object's current mask, which the clicks correct;
 * a mask without clicks is a positive scribble, as for every other interactive model.
 *
 * <pre>{@code
 * float[] x = InteractiveEncoder.encode(slice, box, clicks, null, window, cond, 4); // [4, gy, gx]
 * }</pre>
 */
public final class InteractiveEncoder {

    private InteractiveEncoder() {
    }

    /**
     * @param slice the 2D image (x, y from 0)
     * @param box the object's box, or {@code null}
     * @param clicks the object's clicks (both signs)
     * @param scribble the slice's positive scribble (x fastest), or {@code null}
     * @param window the window (from {@link WindowPlanner})
     * @param cond the model's conditioning
     * @param channels the number of input channels
     * @return the tensor [channels, gy, gx], row-major
     */
    public static float[] encode(RandomAccessibleInterval<? extends RealType<?>> slice, Box box, List<Click> clicks,
            boolean[] scribble, CropWindow window, Conditioning cond, int channels) {
        int n = window.gridPoints();
        long w = slice.dimension(0), h = slice.dimension(1);
        float[] data = new float[channels * n];
        boolean[] conditionChannel = new boolean[channels];
        boolean continues = scribble != null && !clicks.isEmpty() && cond.continuesFromMask();
        boolean[] positiveScribble = continues ? null : scribble;
        for (Conditioning.Condition c : cond.conditions()) {
            if (c.channel() >= channels)
                throw new IllegalArgumentException("condition channel " + c.channel() + " of a " + channels + "-channel input");
            conditionChannel[c.channel()] = true;
            float[] ch = new float[n];
            switch (c.kind()) {
                case POSITIVE -> {
                    ConditionEncoder.clicks(ch, window, clicks, true, c.sigma());
                    if (positiveScribble != null)
                        ConditionEncoder.scribble(ch, window, positiveScribble, w, h);
                }
                case NEGATIVE -> ConditionEncoder.clicks(ch, window, clicks, false, c.sigma());
                case BOX -> {
                    if (box != null)
                        ConditionEncoder.box(ch, window, box);
                }
                case MASK -> {
                    if (positiveScribble != null)
                        ConditionEncoder.scribble(ch, window, positiveScribble, w, h);
                }
                case PREVIOUS -> {
                    if (continues)
                        ConditionEncoder.previous(ch, window, scribble, w, h, c.encoding());
                }
                case CLASS -> throw new IllegalArgumentException("a class condition does not belong to an interactive model");
            }
            System.arraycopy(ch, 0, data, c.channel() * n, n);
        }
        float[] img = Resampler.sample(slice, window);
        double[] pct = cond.percentiles() == null ? new double[] {0, 100} : cond.percentiles();
        Normalizer.clipAndStandardise(img, pct[0], pct[1]);
        for (int c = 0; c < channels; c++)
            if (!conditionChannel[c])
                System.arraycopy(img, 0, data, c * n, n);
        return data;
    }
}
