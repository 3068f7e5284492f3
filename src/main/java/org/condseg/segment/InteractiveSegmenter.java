package org.condseg.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.conditioning.CropWindow;
import org.condseg.conditioning.Flips;
import org.condseg.conditioning.InteractiveEncoder;
import org.condseg.conditioning.MaskDecoder;
import org.condseg.conditioning.Resampler;
import org.condseg.conditioning.WindowPlanner;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Tensor;
import org.condseg.runtime.Network;

import net.imglib2.Cursor;
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
        if (w * h * d > Integer.MAX_VALUE)
            throw new IllegalArgumentException("image of " + w + "x" + h + "x" + d + " voxels is too large for one label array");
        short[] labelData = new short[(int) (w * h * d)];
        float[] probData = new float[(int) (w * h * d)];
        Prompts prompts = request.prompts();
        TreeSet<Long> slices = new TreeSet<>();
        prompts.clicks().forEach(c -> slices.add(c.z()));
        prompts.boxes().forEach(b -> { for (long z = b.z(); z < b.z() + b.depth(); z++) slices.add(z); });
        boolean[][] scribbles = new boolean[(int) d][];
        if (prompts.mask() != null)
            for (long z = 0; z < d; z++)
                if ((scribbles[(int) z] = maskSlice(prompts.mask(), z)) != null)
                    slices.add(z);

        int label = 0, done = 0;
        for (long z : slices) {
            if (cancelled.getAsBoolean())
                throw new CancellationException("cancelled at slice " + z);
            var slice = Views.hyperSlice(image, 2, z);
            List<SliceObject> objects = objects(prompts.clicksOn(z), prompts.boxesOn(z), scribbles[(int) z], w, h);
            List<Resampler.Region> probs = run(slice, objects, w, h, request.options().tta());
            for (int k = 0; k < objects.size(); k++) {
                SliceObject o = objects.get(k);
                Resampler.Region p = probs.get(k);
                boolean[] mask = MaskDecoder.decode(p, cond.threshold(), cond.clipToBox() ? o.box : null, o.clicks,
                        o.scribble, w, cond.keep());
                write(labelData, probData, w, h, z, p, mask, ++label);
            }
            progress.update("slices", ++done, slices.size());
        }
        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(labelData, w, h, d);
        Img<FloatType> prob = ArrayImgs.floats(probData, w, h, d);
        return new SegmentResult(labels, prob, Provenance.of(spec, request, Map.of("windowed", true, "tta", request.options().tta())));
    }

    /** One object of one slice: its prompts and its window. */
    private record SliceObject(Box box, List<Click> clicks, boolean[] scribble, CropWindow window) {
    }

    private List<SliceObject> objects(List<Click> clicks, List<Box> boxes, boolean[] scribble, long w, long h) {
        int[] grid = cond.grid();
        List<SliceObject> out = new ArrayList<>();
        if (!boxes.isEmpty()) {
            for (Box b : boxes) {
                List<Click> inside = clicks.stream().filter(c -> c.x() >= b.x() && c.x() < b.x() + b.width()
                        && c.y() >= b.y() && c.y() < b.y() + b.height()).toList();
                out.add(new SliceObject(b, inside, null, WindowPlanner.around(b, cond.window(), grid)));
            }
            return out;
        }
        long[] bounds = scribble == null ? null : bounds(scribble, w, h);
        if (clicks.stream().anyMatch(Click::positive) || bounds != null)
            out.add(new SliceObject(null, clicks, scribble, WindowPlanner.around(clicks, bounds, cond.window(), grid)));
        return out;
    }

    private List<Resampler.Region> run(RandomAccessibleInterval<? extends RealType<?>> slice, List<SliceObject> objects,
            long w, long h, boolean tta) throws RunException {
        int channels = spec.input().channels(), gx = cond.grid()[0], gy = cond.grid()[1], n = gx * gy;
        int views = tta ? 4 : 1;
        float[] data = new float[objects.size() * views * channels * n];
        for (int k = 0; k < objects.size(); k++) {
            SliceObject o = objects.get(k);
            float[] x = InteractiveEncoder.encode(slice, o.box, o.clicks, o.scribble, o.window, cond, channels);
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
            regions.add(Resampler.backProject(p, objects.get(k).window, w, h));
        }
        return regions;
    }

    private void activate(float[] p) {
        if (cond.activation().equals("sigmoid"))
            for (int i = 0; i < p.length; i++)
                p[i] = (float) (1 / (1 + Math.exp(-p[i])));
    }

    /** Writes one object's probability (maximum over objects) and label into the slice's planes. */
    private static void write(short[] labels, float[] prob, long w, long h, long z, Resampler.Region p, boolean[] mask,
            int label) {
        long plane = z * w * h;
        for (int j = 0; j < p.height(); j++) {
            int row = (int) (plane + (p.y0() + j) * w + p.x0()), src = j * p.width();
            for (int i = 0; i < p.width(); i++) {
                float v = p.values()[src + i];
                if (v > prob[row + i])
                    prob[row + i] = v;
                if (mask[src + i])
                    labels[row + i] = (short) label;
            }
        }
    }

    private static boolean[] maskSlice(RandomAccessibleInterval<? extends RealType<?>> mask, long z) {
        long w = mask.dimension(0), h = mask.dimension(1);
        boolean[] out = new boolean[(int) (w * h)];
        boolean any = false;
        Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(mask, 2, z)).cursor();
        for (int i = 0; i < out.length; i++)
            any |= out[i] = c.next().getRealDouble() != 0;
        return any ? out : null;
    }

    private static long[] bounds(boolean[] m, long w, long h) {
        long[] b = {Long.MAX_VALUE, Long.MAX_VALUE, -1, -1};
        for (int i = 0; i < m.length; i++)
            if (m[i]) {
                long x = i % w, y = i / w;
                b[0] = Math.min(b[0], x);
                b[1] = Math.min(b[1], y);
                b[2] = Math.max(b[2], x);
                b[3] = Math.max(b[3], y);
            }
        return b[2] < 0 ? null : b;
    }

}
