package org.condseg.conditioning;

import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Connectivity;
import org.condseg.model.Keep;
import org.condseg.model.RefineGuard;

/**
 * Turns a probability region into the object's mask: threshold, keep only pixels inside the prompt
 * box (where asked), then keep the 4-connected components that hold a positive click or scribble
 * pixel, or with none hit, the largest component.
 *
 * <pre>{@code
 * boolean[] mask = MaskDecoder.decode(prob, 0.5, box, clicks, scribble, imageWidth, "prompted_component");
 * }</pre>
 */
public final class MaskDecoder {

    private MaskDecoder() {
    }

    /**
     * @param prob probabilities of the region's pixels
     * @param box the prompt box to clip to, or {@code null}
     * @param clicks clicks (positive ones select components)
     * @param scribble the slice's scribble (x fastest over the whole image width), or {@code null}
     * @param imageWidth the width of the image the scribble covers
     * @param keep which components are kept
     * @return the mask over the region's pixels
     */
    public static boolean[] decode(Resampler.Region prob, double threshold, Box box, List<Click> clicks,
            boolean[] scribble, long imageWidth, Keep keep) {
        return decode(prob, threshold, box, clicks, scribble, imageWidth, keep, Connectivity.FACE);
    }

    /** The same with the components' connectivity ({@code postprocess.connectivity} of the model). */
    public static boolean[] decode(Resampler.Region prob, double threshold, Box box, List<Click> clicks,
            boolean[] scribble, long imageWidth, Keep keep, Connectivity connectivity) {
        int w = prob.width(), h = prob.height();
        boolean[] fg = new boolean[w * h];
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++) {
                long x = prob.x0() + i, y = prob.y0() + j;
                boolean in = box == null || (x >= box.x() && x < box.x() + box.width() && y >= box.y() && y < box.y() + box.height());
                fg[j * w + i] = in && prob.values()[j * w + i] > threshold;
            }
        return select(prob, fg, clicks, scribble, imageWidth, keep, connectivity);
    }

    /**
     * One pass of a refine model under its guard: a pixel of the prior stays where its probability is above
     * {@code removeBelow}, any other pixel joins where its probability is above {@code addAbove}; then the
     * components that overlap the prior are kept (as {@code keep} says). With both at the output threshold
     * this is {@link #decode} with the prior as the scribble.
     *
     * <pre>{@code
     * boolean[] mask = MaskDecoder.decodeGuarded(prob, spec.conditioning().refine(), prior, width, Keep.PROMPTED_COMPONENT, Connectivity.FACE);
     * }</pre>
     *
     * @param prior the pass's prior over the whole slice (x fastest, {@code imageWidth} wide)
     * @return the mask over the region's pixels
     */
    public static boolean[] decodeGuarded(Resampler.Region prob, RefineGuard guard, boolean[] prior, long imageWidth,
            Keep keep, Connectivity connectivity) {
        int w = prob.width(), h = prob.height();
        boolean[] fg = new boolean[w * h];
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++) {
                boolean in = prior[(int) ((prob.y0() + j) * imageWidth + prob.x0() + i)];
                fg[j * w + i] = prob.values()[j * w + i] > (in ? guard.removeBelow() : guard.addAbove());
            }
        return select(prob, fg, List.of(), prior, imageWidth, keep, connectivity);
    }

    /**
     * The Dice between a mask over a region and a mask over the whole slice ({@code imageWidth} wide), counting
     * the slice mask's pixels outside the region too; 1 where both are empty.
     */
    public static double dice(Resampler.Region region, boolean[] regionMask, boolean[] sliceMask, long imageWidth) {
        long a = 0, b = 0, both = 0;
        for (boolean v : sliceMask)
            if (v)
                b++;
        int w = region.width();
        for (int j = 0; j < region.height(); j++)
            for (int i = 0; i < w; i++)
                if (regionMask[j * w + i]) {
                    a++;
                    if (sliceMask[(int) ((region.y0() + j) * imageWidth + region.x0() + i)])
                        both++;
                }
        return a + b == 0 ? 1.0 : 2.0 * both / (a + b);
    }

    /** The components of {@code fg} that {@code keep} keeps (see the class comment). */
    private static boolean[] select(Resampler.Region prob, boolean[] fg, List<Click> clicks, boolean[] scribble,
            long imageWidth, Keep keep, Connectivity connectivity) {
        int w = prob.width(), h = prob.height();
        if (keep == Keep.ALL)
            return fg;
        int[] comp = new int[w * h];
        int[] sizes = connectivity.label(fg, comp, new int[] {w, h});
        boolean[] chosen = new boolean[sizes.length];
        boolean any = false;
        if (keep == Keep.PROMPTED_COMPONENT) {
            for (Click c : clicks)
                if (c.positive() && prob.contains(c.x(), c.y())) {
                    int id = comp[(int) ((c.y() - prob.y0()) * w + (c.x() - prob.x0()))];
                    if (id > 0)
                        any |= chosen[id] = true;
                }
            if (scribble != null)
                for (int j = 0; j < h; j++)
                    for (int i = 0; i < w; i++) {
                        int id = comp[j * w + i];
                        if (id > 0 && scribble[(int) ((prob.y0() + j) * imageWidth + prob.x0() + i)])
                            any |= chosen[id] = true;
                    }
        }
        if (!any) {
            int best = 0;
            for (int id = 1; id < sizes.length; id++)
                if (sizes[id] > sizes[best])
                    best = id;
            if (best > 0)
                chosen[best] = true;
        }
        boolean[] out = new boolean[w * h];
        for (int i = 0; i < out.length; i++)
            out[i] = comp[i] > 0 && chosen[comp[i]];
        return out;
    }
}
