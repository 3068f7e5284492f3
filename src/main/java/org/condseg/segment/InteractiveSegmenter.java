package org.condseg.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        boolean tta = request.options().tta();
        List<Map.Entry<Long, List<SliceObject>>> work = new ArrayList<>(
                PromptedObjects.bySlice(request.prompts(), cond, w, h, d).entrySet());
        if (work.isEmpty())
            return new SegmentResult(labels, prob, Provenance.of(spec, request, Map.of("windowed", true, "tta", tta)));
        // while the engine runs slice i, one helper thread decodes slice i-1 and encodes slice i+1
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "condseg-pre-post");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Tensor> next = helper.submit(() -> encode(Views.hyperSlice(image, 2, work.get(0).getKey()),
                    work.get(0).getValue(), tta));
            List<Future<?>> writes = new ArrayList<>();
            int label = 0;
            for (int i = 0; i < work.size(); i++) {
                long z = work.get(i).getKey();
                List<SliceObject> objects = work.get(i).getValue();
                if (cancelled.getAsBoolean())
                    throw new CancellationException("cancelled at slice " + z);
                Tensor input = await(next);
                if (i + 1 < work.size()) {
                    var following = work.get(i + 1);
                    next = helper.submit(() -> encode(Views.hyperSlice(image, 2, following.getKey()), following.getValue(), tta));
                }
                Tensor out = network.run(List.of(input)).get(0);
                int first = label;
                label += objects.size();
                writes.add(helper.submit(() -> {
                    List<Resampler.Region> probs = probabilities(out, objects, w, h, tta);
                    for (int k = 0; k < objects.size(); k++) {
                        SliceObject o = objects.get(k);
                        boolean[] mask = MaskDecoder.decode(probs.get(k), cond.threshold(), cond.clipToBox() ? o.box() : null,
                                o.clicks(), o.scribble(), w, cond.keep());
                        PromptedObjects.write(labels, prob, z, probs.get(k), mask, first + k + 1);
                    }
                    return null;
                }));
                progress.update("slices", i + 1, work.size());
            }
            for (Future<?> f : writes)
                await(f);
        } finally {
            helper.shutdownNow();
        }
        return new SegmentResult(labels, prob, Provenance.of(spec, request, Map.of("windowed", true, "tta", tta)));
    }

    /** The probability of each object on the image grid (averaged over flips with {@code tta}). */
    List<Resampler.Region> run(RandomAccessibleInterval<? extends RealType<?>> slice, List<SliceObject> objects,
            long w, long h, boolean tta) throws RunException {
        Tensor out = network.run(List.of(encode(slice, objects, tta))).get(0);
        return probabilities(out, objects, w, h, tta);
    }

    /** The input tensor of one slice's objects: one row per object (four, flipped, with {@code tta}). */
    private Tensor encode(RandomAccessibleInterval<? extends RealType<?>> slice, List<SliceObject> objects, boolean tta) {
        int channels = spec.input().channels(), gx = cond.grid()[0], gy = cond.grid()[1], n = gx * gy;
        int views = tta ? 4 : 1;
        float[] data = new float[objects.size() * views * channels * n];
        for (int k = 0; k < objects.size(); k++) {
            SliceObject o = objects.get(k);
            float[] x = InteractiveEncoder.encode(slice, o.box(), o.clicks(), o.scribble(), o.window(), cond, channels);
            for (int f = 0; f < views; f++)
                System.arraycopy(f == 0 ? x : Flips.apply(x, channels, gy, gx, f), 0, data, (k * views + f) * channels * n, x.length);
        }
        return new Tensor(spec.input().id(), new long[] {(long) objects.size() * views, channels, gy, gx}, data);
    }

    /** The engine's output back on the image grid, one probability region per object. */
    private List<Resampler.Region> probabilities(Tensor out, List<SliceObject> objects, long w, long h, boolean tta) {
        int gx = cond.grid()[0], gy = cond.grid()[1], n = gx * gy;
        int views = tta ? 4 : 1;
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

    /** The future's value; its failure rethrown as it was thrown. */
    private static <T> T await(Future<T> f) throws RunException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RunException r)
                throw r;
            if (c instanceof RuntimeException r)
                throw r;
            if (c instanceof Error err)
                throw err;
            throw new IllegalStateException(c);
        }
    }

    private void activate(float[] p) {
        if (cond.activation().equals("sigmoid"))
            for (int i = 0; i < p.length; i++)
                p[i] = (float) (1 / (1 + Math.exp(-p[i])));
    }
}
