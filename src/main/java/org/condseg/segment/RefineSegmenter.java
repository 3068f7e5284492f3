package org.condseg.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.conditioning.MaskDecoder;
import org.condseg.conditioning.Resampler;
import org.condseg.conditioning.WindowPlanner;
import org.condseg.model.Box;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.RefineGuard;
import org.condseg.model.Progress;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.runtime.Network;
import org.condseg.segment.PromptedObjects.SliceObject;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Runs a 2D mask-refining model (such as refine-cgan-2d): every label k of the prior mask on every
 * slice is one object, seen in a window around its tight box (the model's {@code window.box_scale} and
 * {@code box_margin}) with the prior in the model's mask channel; the refined object keeps label k.
 * The components of the refined mask that overlap the prior are kept (or the largest, where none does).
 *
 * <pre>{@code
 * Prompts p = Prompts.of(List.of(), List.of(), roughLabels, null);
 * SegmentResult r = new RefineSegmenter(spec, net).segment(new SegmentRequest(image, p, options), Progress.NONE, () -> false);
 * }</pre>
 */
final class RefineSegmenter {

    private final ModelSpec spec;
    private final Network network;
    private final Conditioning cond;

    RefineSegmenter(ModelSpec spec, Network network) {
        this.spec = spec;
        this.network = network;
        this.cond = spec.conditioning();
        if (cond.grid() == null || cond.grid().length != 2)
            throw new IllegalArgumentException("model " + spec.id() + " is not a 2D windowed model");
    }

    SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled) throws RunException {
        var image = request.image().pixels();
        var prior = request.prompts().mask();
        long w = image.dimension(0), h = image.dimension(1), d = image.dimension(2);
        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(w, h, d);
        Img<FloatType> prob = ArrayImgs.floats(w, h, d);
        InteractiveSegmenter runner = new InteractiveSegmenter(spec, network, request.options().maskChoice());
        int objects = 0, kept = 0;
        for (long z = 0; z < d; z++) {
            if (cancelled.getAsBoolean())
                throw new CancellationException("cancelled at slice " + z);
            Map<Integer, boolean[]> byLabel = labelMasks(prior, z, w, h);
            if (!byLabel.isEmpty()) {
                List<Integer> ids = new ArrayList<>(byLabel.keySet());
                List<boolean[]> priors = new ArrayList<>(byLabel.values());
                Refined[] out = refine(Views.hyperSlice(image, 2, z), z, priors, runner, w, h, request.options().tta());
                for (int k = 0; k < out.length; k++)
                    PromptedObjects.write(labels, prob, z, out[k].region(), out[k].mask(), ids.get(k));
                objects += byLabel.size();
                for (Refined r : out)
                    kept += r.kept() ? 1 : 0;
            }
            progress.update("slices", z + 1, d);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("windowed", true);
        run.put("objects", objects);
        RefineGuard g = cond.refine();
        if (!g.equals(RefineGuard.none(cond.threshold()))) {
            run.put("passes", g.passes());
            run.put("priors_kept", kept);
        }
        run.put("tta", request.options().tta());
        return new SegmentResult(labels, prob, Provenance.of(spec, request, run));
    }

    /** An object's refined mask over its last pass's region, and whether the guard kept the prior as it was. */
    record Refined(Resampler.Region region, boolean[] mask, boolean kept) {
    }

    /**
     * The objects of one slice through the model's guard ({@code config.condseg.refine}): the first pass on
     * every prior; a prior whose first pass overlaps it with a Dice of at least {@code keep_above} is kept as
     * it is; the others are refined again from their last mask, {@code passes} times in all (an object whose
     * mask became empty stops). The reference is {@code refine()} in {@code training/refine_cgan.py}.
     */
    private Refined[] refine(net.imglib2.RandomAccessibleInterval<? extends RealType<?>> slice, long z, List<boolean[]> priors,
            InteractiveSegmenter runner, long w, long h, boolean tta) throws RunException {
        RefineGuard g = cond.refine();
        Refined[] out = new Refined[priors.size()];
        List<Integer> active = new ArrayList<>();
        for (int k = 0; k < out.length; k++)
            active.add(k);
        List<boolean[]> current = new ArrayList<>(priors);
        for (int pass = 1; pass <= g.passes() && !active.isEmpty(); pass++) {
            List<SliceObject> list = new ArrayList<>();
            for (int k : active) {
                boolean[] m = current.get(k);
                list.add(new SliceObject(null, List.of(), m, WindowPlanner.around(Box.around(m, w, z), cond.window(), cond.grid())));
            }
            List<Resampler.Region> probs = runner.run(slice, list, w, h, tta);
            List<Integer> next = new ArrayList<>();
            for (int i = 0; i < active.size(); i++) {
                int k = active.get(i);
                Resampler.Region p = probs.get(i);
                boolean[] mask = MaskDecoder.decodeGuarded(p, g, current.get(k), w, cond.keep(), cond.connectivity());
                if (pass == 1 && g.keepsPrior(MaskDecoder.dice(p, mask, priors.get(k), w))) {
                    out[k] = new Refined(p, crop(priors.get(k), p, w), true);
                    continue;
                }
                out[k] = new Refined(p, mask, false);
                boolean[] full = uncrop(mask, p, w, h);
                if (pass < g.passes() && any(full)) {
                    current.set(k, full);
                    next.add(k);
                }
            }
            active = next;
        }
        return out;
    }

    private static boolean[] crop(boolean[] slice, Resampler.Region p, long w) {
        boolean[] out = new boolean[p.width() * p.height()];
        for (int j = 0; j < p.height(); j++)
            for (int i = 0; i < p.width(); i++)
                out[j * p.width() + i] = slice[(int) ((p.y0() + j) * w + p.x0() + i)];
        return out;
    }

    private static boolean[] uncrop(boolean[] mask, Resampler.Region p, long w, long h) {
        boolean[] out = new boolean[(int) (w * h)];
        for (int j = 0; j < p.height(); j++)
            for (int i = 0; i < p.width(); i++)
                out[(int) ((p.y0() + j) * w + p.x0() + i)] = mask[j * p.width() + i];
        return out;
    }

    private static boolean any(boolean[] m) {
        for (boolean v : m)
            if (v)
                return true;
        return false;
    }

    /** The pixels of each positive label of slice z (x fastest), in label order. */
    static Map<Integer, boolean[]> labelMasks(net.imglib2.RandomAccessibleInterval<? extends RealType<?>> mask, long z,
            long w, long h) {
        Map<Integer, boolean[]> out = new TreeMap<>();
        Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(mask, 2, z)).cursor();
        for (int i = 0; i < w * h; i++) {
            int v = (int) Math.round(c.next().getRealDouble());
            if (v > 0)
                out.computeIfAbsent(v, k -> new boolean[(int) (w * h)])[i] = true;
        }
        return out;
    }
}
