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
        int objects = 0;
        for (long z = 0; z < d; z++) {
            if (cancelled.getAsBoolean())
                throw new CancellationException("cancelled at slice " + z);
            Map<Integer, boolean[]> byLabel = labelMasks(prior, z, w, h);
            if (!byLabel.isEmpty()) {
                List<SliceObject> list = new ArrayList<>();
                for (boolean[] m : byLabel.values())
                    list.add(new SliceObject(null, List.of(), m, WindowPlanner.around(Box.around(m, w, z), cond.window(), cond.grid())));
                List<Resampler.Region> probs = runner.run(Views.hyperSlice(image, 2, z), list, w, h, request.options().tta());
                int k = 0;
                for (var e : byLabel.entrySet()) {
                    SliceObject o = list.get(k);
                    Resampler.Region p = probs.get(k++);
                    boolean[] mask = MaskDecoder.decode(p, cond.threshold(), null, List.of(), o.scribble(), w, cond.keep(), cond.connectivity());
                    PromptedObjects.write(labels, prob, z, p, mask, e.getKey());
                }
                objects += byLabel.size();
            }
            progress.update("slices", z + 1, d);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("windowed", true);
        run.put("objects", objects);
        run.put("tta", request.options().tta());
        return new SegmentResult(labels, prob, Provenance.of(spec, request, run));
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
