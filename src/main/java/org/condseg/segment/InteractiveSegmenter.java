package org.condseg.segment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.conditioning.CropWindow;
import org.condseg.conditioning.Flips;
import org.condseg.conditioning.InteractiveEncoder;
import org.condseg.conditioning.MaskDecoder;
import org.condseg.conditioning.Resampler;
import org.condseg.conditioning.WindowPlanner;
import org.condseg.model.Box;
import org.condseg.model.Conditioning;
import org.condseg.model.MaskChoice;
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
 * The objects of a slice go to the engine as one batch. Box k of the prompts is label k + 1 on every
 * slice it spans (one object, one label); objects without a box follow, slice by slice. A model with
 * several candidate masks per prompt gives each object the candidate of the options' {@link MaskChoice}.
 * With a {@link Conditioning.ClickZoom} in the model's window, an object prompted by clicks alone whose
 * first mask is small runs once more on a window zoomed around that mask, and the second mask replaces it.
 *
 * <pre>{@code
 * SegmentResult r = new InteractiveSegmenter(spec, net).segment(request, Progress.NONE, () -> false);
 * }</pre>
 */
final class InteractiveSegmenter {

    /**
     * Rows per engine call when the stage is inline (measured with interactive-2d on 2 cores: 8 rows of
     * 128 × 128 per call run 10 % faster per row in ONNX Runtime than one).
     */
    static final int BATCH_ROWS = 8;

    private final ModelSpec spec;
    private final Network network;
    private final Conditioning cond;
    private final MaskChoice choice;

    InteractiveSegmenter(ModelSpec spec, Network network, MaskChoice choice) {
        this.spec = spec;
        this.network = network;
        this.cond = spec.conditioning();
        this.choice = choice;
        if (cond.grid().length != 2)
            throw new IllegalArgumentException("model " + spec.id() + " has a " + cond.grid().length
                    + "D grid; the interactive path runs 2D models");
    }

    SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled) throws RunException {
        var image = request.image().pixels();
        long w = image.dimension(0), h = image.dimension(1), d = image.dimension(2);
        boolean tta = request.options().tta();
        // in a fixed order: a copy of a Map.of would keep its per-JVM iteration order in the provenance
        Map<String, Object> provenance = new java.util.TreeMap<>();
        provenance.put("windowed", true);
        provenance.put("tta", tta);
        if (cond.candidates().several())
            provenance.put("mask_choice", choice.text());
        Conditioning.ClickZoom zoom = cond.window().clickZoom();
        if (zoom != null)
            provenance.put("click_zoom", Map.of("below", zoom.below(), "scale", zoom.scale(), "margin", zoom.margin(),
                    "min_side", zoom.minSide(), "box", zoom.box()));
        SortedMap<Long, List<SliceObject>> bySlice = PromptedObjects.bySlice(request.prompts(), cond, w, h, d);
        Map<SliceObject, Integer> labels = PromptedObjects.labels(bySlice, request.prompts());
        List<Map.Entry<Long, List<SliceObject>>> work = new ArrayList<>(bySlice.entrySet());
        if (work.isEmpty())
            return new SegmentResult(ArrayImgs.unsignedShorts(w, h, d), ArrayImgs.floats(w, h, d),
                    Provenance.of(spec, request, provenance));
        try (Stage helper = Stage.beside(request.options(), network.device())) {
            // beside the engine, one helper thread encodes batch i+1 and decodes batch i-1 while the engine runs batch i,
            // and makes the output images during the first engine call; inline, the engine waits for them
            List<List<Map.Entry<Long, List<SliceObject>>>> batches = batches(work, tta ? 4 : 1,
                    helper.overlapped() ? 1 : BATCH_ROWS);
            Future<Tensor> next;
            Future<Outputs> outputs;
            if (helper.overlapped()) {
                next = helper.submit(() -> encodeBatch(image, batches.get(0), tta, helper));
                outputs = helper.submit(() -> Outputs.allocate(w, h, d, helper));
            } else {
                outputs = helper.submit(() -> Outputs.allocate(w, h, d, helper));
                next = helper.submit(() -> encodeBatch(image, batches.get(0), tta, helper));
            }
            List<Future<?>> writes = new ArrayList<>();
            List<Zoomed> zooms = Collections.synchronizedList(new ArrayList<>());
            int done = 0;
            for (int i = 0; i < batches.size(); i++) {
                List<Map.Entry<Long, List<SliceObject>>> batch = batches.get(i);
                if (cancelled.getAsBoolean())
                    throw new CancellationException("cancelled at slice " + batch.get(0).getKey());
                Tensor input = await(next);
                if (i + 1 < batches.size()) {
                    var following = batches.get(i + 1);
                    next = helper.submit(() -> encodeBatch(image, following, tta, helper));
                }
                List<Tensor> out = network.run(List.of(input));
                writes.add(helper.submit(() -> {
                    write(out, batch, labels, await(outputs), w, h, tta, helper, zooms);
                    return null;
                }));
                done += batch.size();
                progress.update("slices", done, work.size());
            }
            for (Future<?> f : writes)
                await(f);
            Outputs o = await(outputs);
            // the second look at small click-only objects: one more engine call per such object (one per slice)
            for (Zoomed z : zooms) {
                if (cancelled.getAsBoolean())
                    throw new CancellationException("cancelled at slice " + z.slice());
                SliceObject o2 = z.object();
                Resampler.Region p = run(Views.hyperSlice(image, 2, z.slice()), List.of(o2), w, h, tta).get(0);
                boolean[] mask = MaskDecoder.decode(p, cond.threshold(), null, o2.clicks(), null, w, cond.keep(),
                        cond.connectivity());
                boolean any = false;
                for (boolean b : mask)
                    any |= b;
                if (any)
                    PromptedObjects.write(o.labels(), o.probabilities(), z.slice(), p, mask, z.label());
                else // nothing found in the zoomed window: the first mask stays
                    PromptedObjects.write(o.labels(), o.probabilities(), z.slice(), z.first(), z.firstMask(), z.label());
            }
            return new SegmentResult(o.labels(), o.probabilities(), Provenance.of(spec, request, provenance));
        }
    }

    /** A click-only object whose small first mask waits for its zoomed second pass. */
    private record Zoomed(long slice, SliceObject object, int label, Resampler.Region first, boolean[] firstMask) {
    }

    /**
     * The zoomed second pass of a click-only object, or {@code null} where the model has no click zoom, the
     * object has a box or a scribble, or its first mask is not small.
     */
    private SliceObject zoomed(SliceObject o, Resampler.Region p, boolean[] mask) {
        Conditioning.ClickZoom z = cond.window().clickZoom();
        if (z == null || o.box() != null || o.scribble() != null || o.clicks().isEmpty())
            return null;
        long[] bounds = {Long.MAX_VALUE, Long.MAX_VALUE, -1, -1};
        for (int j = 0; j < p.height(); j++)
            for (int i = 0; i < p.width(); i++)
                if (mask[j * p.width() + i]) {
                    bounds[0] = Math.min(bounds[0], p.x0() + i);
                    bounds[1] = Math.min(bounds[1], p.y0() + j);
                    bounds[2] = Math.max(bounds[2], p.x0() + i);
                    bounds[3] = Math.max(bounds[3], p.y0() + j);
                }
        boolean empty = bounds[2] < 0;
        CropWindow window = WindowPlanner.zoom(empty ? null : bounds, o.clicks(), z, o.window(), cond.grid());
        if (window == null)
            return null;
        Box box = z.box() && !empty
                ? new Box(bounds[0], bounds[1], bounds[2] + 1 - bounds[0], bounds[3] + 1 - bounds[1], 0, 1)
                : null;
        return new SliceObject(box, o.clicks(), null, window);
    }

    /** The label and probability images, made on two cores where the stage is inline. */
    private record Outputs(Img<UnsignedShortType> labels, Img<FloatType> probabilities) {

        static Outputs allocate(long w, long h, long d, Stage stage) {
            Object[] images = new Object[2];
            stage.forEach(2, i -> images[i] = i == 0 ? ArrayImgs.unsignedShorts(w, h, d) : ArrayImgs.floats(w, h, d));
            @SuppressWarnings("unchecked")
            Outputs o = new Outputs((Img<UnsignedShortType>) images[0], (Img<FloatType>) images[1]);
            return o;
        }
    }

    /**
     * Consecutive prompted slices grouped so that each engine call carries up to {@code maxRows} rows
     * (a slice with more objects than that goes alone): fewer, larger calls cost less per row, while
     * one slice per call keeps a pipeline beside the engine short to fill and to drain.
     */
    static <T> List<List<Map.Entry<Long, List<T>>>> batches(List<Map.Entry<Long, List<T>>> work, int views, int maxRows) {
        List<List<Map.Entry<Long, List<T>>>> out = new ArrayList<>();
        List<Map.Entry<Long, List<T>>> current = new ArrayList<>();
        int rows = 0;
        for (var e : work) {
            int n = e.getValue().size() * views;
            if (!current.isEmpty() && rows + n > maxRows) {
                out.add(current);
                current = new ArrayList<>();
                rows = 0;
            }
            current.add(e);
            rows += n;
        }
        if (!current.isEmpty())
            out.add(current);
        return out;
    }

    /** One engine input for several slices: their objects' rows one after another, in slice order. */
    private Tensor encodeBatch(RandomAccessibleInterval<? extends RealType<?>> image, List<Map.Entry<Long, List<SliceObject>>> batch,
            boolean tta, Stage stage) {
        Tensor[] parts = new Tensor[batch.size()];
        stage.forEach(parts.length, i -> parts[i] = encode(Views.hyperSlice(image, 2, batch.get(i).getKey()),
                batch.get(i).getValue(), tta));
        if (parts.length == 1)
            return parts[0];
        int length = 0;
        long rows = 0;
        for (Tensor t : parts) {
            length += t.data().length;
            rows += t.shape()[0];
        }
        float[] data = new float[length];
        int at = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, data, at, t.data().length);
            at += t.data().length;
        }
        long[] shape = parts[0].shape().clone();
        shape[0] = rows;
        return new Tensor(spec.input().id(), shape, data);
    }

    /** Decodes a batch's output rows into the label and probability images, each object with its label. */
    private void write(List<Tensor> out, List<Map.Entry<Long, List<SliceObject>>> batch, Map<SliceObject, Integer> labels, Outputs images,
            long w, long h, boolean tta, Stage stage, List<Zoomed> zooms) {
        int[] offsets = new int[batch.size()];
        for (int s = 0, row = 0; s < batch.size(); s++) {
            offsets[s] = row;
            row += batch.get(s).getValue().size() * (tta ? 4 : 1);
        }
        // slices write disjoint planes; the objects of one slice are written in order
        stage.forEach(batch.size(), s -> {
            List<SliceObject> objects = batch.get(s).getValue();
            List<Resampler.Region> probs = probabilities(out, offsets[s], objects, w, h, tta);
            for (int k = 0; k < objects.size(); k++) {
                SliceObject o = objects.get(k);
                boolean[] mask = MaskDecoder.decode(probs.get(k), cond.threshold(), cond.clipToBox() ? o.box() : null,
                        o.clicks(), o.scribble(), w, cond.keep(), cond.connectivity());
                SliceObject second = zoomed(o, probs.get(k), mask);
                if (second != null) { // written after its second pass
                    zooms.add(new Zoomed(batch.get(s).getKey(), second, labels.get(o), probs.get(k), mask));
                    continue;
                }
                PromptedObjects.write(images.labels(), images.probabilities(), batch.get(s).getKey(), probs.get(k), mask,
                        labels.get(o));
            }
        });
    }

    /** The probability of each object on the image grid (averaged over flips with {@code tta}). */
    List<Resampler.Region> run(RandomAccessibleInterval<? extends RealType<?>> slice, List<SliceObject> objects,
            long w, long h, boolean tta) throws RunException {
        return probabilities(network.run(List.of(encode(slice, objects, tta))), 0, objects, w, h, tta);
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

    /**
     * The engine's outputs back on the image grid, one probability region per object (its chosen
     * candidate where the model returns several); {@code firstRow} is the batch row of the first object.
     */
    private List<Resampler.Region> probabilities(List<Tensor> outs, int firstRow, List<SliceObject> objects, long w, long h,
            boolean tta) {
        Tensor out = outs.get(0);
        int gx = cond.grid()[0], gy = cond.grid()[1], n = gx * gy;
        int channels = out.shape().length > 3 ? (int) out.shape()[1] : 1;
        int candidates = cond.candidates().count();
        float[] scores = candidates > 1 ? scores(outs).data() : null;
        int views = tta ? 4 : 1;
        List<Resampler.Region> regions = new ArrayList<>();
        for (int k = 0; k < objects.size(); k++) {
            int row = firstRow + k * views;
            float[][] p = new float[candidates][n];
            float[] score = new float[candidates];
            long[] area = new long[candidates];
            for (int c = 0; c < candidates; c++) {
                for (int f = 0; f < views; f++) {
                    float[] v = new float[n];
                    if (candidates > 1) {
                        System.arraycopy(out.data(), ((row + f) * channels + c) * n, v, 0, n);
                        cond.activation().apply(v);
                        score[c] += scores[(row + f) * candidates + c] / views;
                    } else {
                        cond.activation().foreground(out.data(), (row + f) * channels * n, channels, n, v);
                    }
                    if (f > 0)
                        v = Flips.apply(v, 1, gy, gx, f);
                    for (int i = 0; i < n; i++)
                        p[c][i] += v[i] / views;
                }
                for (float v : p[c])
                    if (v >= cond.threshold())
                        area[c]++;
            }
            int chosen = candidates > 1 ? choice.pick(area, score) : 0;
            regions.add(Resampler.backProject(p[chosen], objects.get(k).window(), w, h));
        }
        return regions;
    }

    /** The model's scores output. */
    private Tensor scores(List<Tensor> outs) {
        String id = cond.candidates().scores();
        for (int i = 0; i < spec.outputs().size() && i < outs.size(); i++)
            if (spec.outputs().get(i).id().equals(id))
                return outs.get(i);
        throw new IllegalStateException("model " + spec.id() + " returned no output " + id);
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

}
