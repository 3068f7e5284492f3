package org.condseg.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.conditioning.Flips;
import org.condseg.conditioning.InteractiveEncoder;
import org.condseg.conditioning.MaskDecoder;
import org.condseg.conditioning.Resampler;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Tensor;
import org.condseg.runtime.Network;
import org.condseg.segment.PromptedObjects.SliceObject;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Runs a 2D interactive model on every slice that carries prompts. Each box is one object (with the
 * clicks that fall inside it); without boxes, the clicks and the scribble of a slice form one object.
 * The objects of a slice go to the engine as one batch; object k gets label k (numbered over the
 * whole image in slice order).
 *
 * <pre>{@code
 * SegmentResult r = new InteractiveSegmenter(spec, net).segment(request, Progress.NONE, () -> false);
 * }</pre>
 */
final class InteractiveSegmenter {

    private final ModelSpec spec;
    private final Network network;
    private final Conditioning cond;

    InteractiveSegmenter(ModelSpec spec, Network network) {
        this.spec = spec;
        this.network = network;
        this.cond = spec.conditioning();
        if (cond.grid().length != 2)
            throw new IllegalArgumentException("model " + spec.id() + " has a " + cond.grid().length
                    + "D grid; the interactive path runs 2D models");
    }

    SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled) throws RunException {
        var image = request.image().pixels();
        long w = image.dimension(0), h = image.dimension(1), d = image.dimension(2);
        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(w, h, d);
        Img<FloatType> prob = ArrayImgs.floats(w, h, d);
        SortedMap<Long, List<SliceObject>> bySlice = PromptedObjects.bySlice(request.prompts(), cond, w, h, d);
        int label = 0, done = 0;
        for (var e : bySlice.entrySet()) {
            long z = e.getKey();
            if (cancelled.getAsBoolean())
                throw new CancellationException("cancelled at slice " + z);
            var slice = Views.hyperSlice(image, 2, z);
            List<SliceObject> objects = e.getValue();
            List<Resampler.Region> probs = run(slice, objects, w, h, request.options().tta());
            for (int k = 0; k < objects.size(); k++) {
                SliceObject o = objects.get(k);
                Resampler.Region p = probs.get(k);
                boolean[] mask = MaskDecoder.decode(p, cond.threshold(), cond.clipToBox() ? o.box() : null, o.clicks(),
                        o.scribble(), w, cond.keep());
                PromptedObjects.write(labels, prob, z, p, mask, ++label);
            }
            progress.update("slices", ++done, bySlice.size());
        }
        return new SegmentResult(labels, prob, Provenance.of(spec, request, Map.of("windowed", true, "tta", request.options().tta())));
    }

    /** The probability of each object on the image grid (averaged over flips with {@code tta}). */
    List<Resampler.Region> run(RandomAccessibleInterval<? extends RealType<?>> slice, List<SliceObject> objects,
            long w, long h, boolean tta) throws RunException {
        int channels = spec.input().channels(), gx = cond.grid()[0], gy = cond.grid()[1], n = gx * gy;
        int views = tta ? 4 : 1;
        float[] data = new float[objects.size() * views * channels * n];
        for (int k = 0; k < objects.size(); k++) {
            SliceObject o = objects.get(k);
            float[] x = InteractiveEncoder.encode(slice, o.box(), o.clicks(), o.scribble(), o.window(), cond, channels);
            for (int f = 0; f < views; f++)
                System.arraycopy(f == 0 ? x : Flips.apply(x, channels, gy, gx, f), 0, data, (k * views + f) * channels * n, x.length);
        }
        long[] shape = {(long) objects.size() * views, channels, gy, gx};
        Tensor out = network.run(List.of(new Tensor(spec.input().id(), shape, data))).get(0);
        List<Resampler.Region> regions = new ArrayList<>();
        for (int k = 0; k < objects.size(); k++) {
            float[] p = new float[n];
            for (int f = 0; f < views; f++) {
                float[] v = new float[n];
                System.arraycopy(out.data(), (k * views + f) * n, v, 0, n);
                activate(v);
                if (f > 0)
                    v = Flips.apply(v, 1, gy, gx, f);
                for (int i = 0; i < n; i++)
                    p[i] += v[i] / views;
            }
            regions.add(Resampler.backProject(p, objects.get(k).window(), w, h));
        }
        return regions;
    }

    private void activate(float[] p) {
        if (cond.activation().equals("sigmoid"))
            for (int i = 0; i < p.length; i++)
                p[i] = (float) (1 / (1 + Math.exp(-p[i])));
    }
}
