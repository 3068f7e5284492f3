package org.condseg.segment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.condseg.model.OptionKey;
import org.condseg.model.Calibration;
import org.condseg.model.Conditioning;
import org.condseg.model.InputException;
import org.condseg.model.Json;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * A two-pass cascade for models without a condition: the model runs once over the whole image shrunk
 * by {@code factor} (block means; x and y, and z for a 3D model), then at full resolution only inside
 * the box around what the coarse pass found, widened by a margin ({@code factor} × 2 + 8 voxels; one
 * slice for a 2D model); the further channels of a multi-modal input go the same way. Outside that box the result is background (probability 0); where the coarse
 * pass finds nothing, the whole result is. Preprocessing that depends on the image's statistics
 * (percentile normalisation) sees the crop at full resolution, not the whole image.
 *
 * <pre>{@code
 * SegmentResult r = new CascadeSegmenter(spec, net, 2).segment(request, Progress.NONE, () -> false);
 * }</pre>
 */
public final class CascadeSegmenter {

    private final ModelSpec spec;
    private final Segmenter segmenter;
    private final int factor;

    public CascadeSegmenter(ModelSpec spec, Network network, int factor) {
        this(new Segmenter(spec, network), factor);
    }

    /** A cascade over a segmenter already made (a batch shares one across its cases). */
    public CascadeSegmenter(Segmenter segmenter, int factor) {
        if (factor < 2)
            throw new IllegalArgumentException("a cascade shrinks by 2 or more, not " + factor);
        this.spec = segmenter.spec();
        this.segmenter = segmenter;
        this.factor = factor;
    }

    /**
     * Refuses a model the cascade cannot run, before any work: one that takes a condition.
     *
     * @throws UsageException as {@link #segment} would
     */
    public static void check(ModelSpec spec) throws UsageException {
        if (spec.conditioning().task() != Conditioning.Task.NONE)
            throw new UsageException(OptionKey.CASCADE.mark() + " is for models without a condition; " + spec.id()
                    + " is conditioned (" + spec.conditioning().task().name().toLowerCase(java.util.Locale.ROOT)
                    + ") and already works in a window around its prompts");
    }

    /**
     * @throws UsageException where the model takes a condition (prompts or a class): interactive models
     *         already work in a window around their prompts
     */
    public SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        check(spec);
        Volume image = request.image();
        boolean threeD = spec.spatialDims() == 3;
        int[] f = {factor, factor, threeD ? factor : 1};
        Volume coarse = shrink(image, f);
        java.util.List<Volume> coarseChannels = new java.util.ArrayList<>();
        for (Volume c : request.channels())
            coarseChannels.add(shrink(c, f));
        SegmentResult first = segmenter.segment(new SegmentRequest(coarse, request.prompts(), request.options(), coarseChannels),
                (stage, done, total) -> progress.update("coarse " + stage, done, total), cancelled);
        long[] dims = image.pixels().dimensionsAsLongArray();
        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(dims);
        Img<FloatType> prob = ArrayImgs.floats(dims);
        long[] box = foreground(first.labels());
        Map<String, Object> cascade = new LinkedHashMap<>();
        cascade.put("factor", (long) factor);
        if (box == null) {
            cascade.put("region", "none");
            return new SegmentResult(labels, prob, with(first.provenance(), cascade));
        }
        long[] min = new long[3], max = new long[3];
        for (int a = 0; a < 3; a++) {
            long margin = f[a] == 1 ? 1 : 2L * factor + 8;
            min[a] = Math.max(0, box[a] * f[a] - margin);
            max[a] = Math.min(dims[a] - 1, (box[a + 3] + 1) * f[a] - 1 + margin);
        }
        cascade.put("region", new long[] {min[0], min[1], min[2], max[0] - min[0] + 1, max[1] - min[1] + 1, max[2] - min[2] + 1});
        FinalInterval region = new FinalInterval(min, max);
        Volume crop = crop(image, region);
        java.util.List<Volume> cropChannels = new java.util.ArrayList<>();
        for (Volume c : request.channels())
            cropChannels.add(crop(c, region));
        SegmentResult fine = segmenter.segment(new SegmentRequest(crop, request.prompts(), request.options(), cropChannels),
                (stage, done, total) -> progress.update("fine " + stage, done, total), cancelled);
        paste(fine.labels(), Views.interval(labels, region));
        if (fine.probabilities() != null)
            paste(fine.probabilities(), Views.interval(prob, region));
        return new SegmentResult(labels, fine.probabilities() == null ? null : prob, with(fine.provenance(), cascade));
    }

    /** Block means over f[0] × f[1] × f[2] voxels (partial blocks at the far edges), with the spacing scaled. */
    static Volume shrink(Volume v, int[] f) {
        long w = v.width(), h = v.height(), d = v.depth();
        long sw = (w + f[0] - 1) / f[0], sh = (h + f[1] - 1) / f[1], sd = (d + f[2] - 1) / f[2];
        double[] sum = new double[(int) (sw * sh * sd)];
        int[] count = new int[sum.length];
        Cursor<? extends RealType<?>> c = Views.flatIterable(v.pixels()).localizingCursor();
        while (c.hasNext()) {
            double value = c.next().getRealDouble();
            int i = (int) (c.getLongPosition(0) / f[0] + sw * (c.getLongPosition(1) / f[1] + sh * (c.getLongPosition(2) / f[2])));
            sum[i] += value;
            count[i]++;
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++)
            out[i] = (float) (sum[i] / count[i]);
        double[] s = v.calibration().spacing();
        for (int a = 0; a < 3; a++)
            s[a] *= f[a];
        Calibration cal = new Calibration(s, v.calibration().unit(), v.calibration().origin());
        return new Volume(ArrayImgs.floats(out, sw, sh, sd), cal, v.name());
    }

    /** {x0, y0, z0, x1, y1, z1} (inclusive) around the non-zero voxels, or {@code null}. */
    static long[] foreground(RandomAccessibleInterval<UnsignedShortType> labels) {
        long[] box = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, -1, -1, -1};
        Cursor<UnsignedShortType> c = Views.flatIterable(labels).localizingCursor();
        while (c.hasNext())
            if (c.next().get() != 0)
                for (int a = 0; a < 3; a++) {
                    box[a] = Math.min(box[a], c.getLongPosition(a));
                    box[a + 3] = Math.max(box[a + 3], c.getLongPosition(a));
                }
        return box[3] < 0 ? null : box;
    }

    private static Volume crop(Volume v, FinalInterval region) {
        return new Volume(copy(Views.zeroMin(Views.interval(v.pixels(), region))), v.calibration(), v.name());
    }

    private static Img<FloatType> copy(RandomAccessibleInterval<? extends RealType<?>> src) {
        Img<FloatType> out = ArrayImgs.floats(src.dimensionsAsLongArray());
        Cursor<? extends RealType<?>> s = Views.flatIterable(src).cursor();
        for (FloatType t : out)
            t.set(s.next().getRealFloat());
        return out;
    }

    private static <T extends RealType<T>> void paste(RandomAccessibleInterval<T> src, RandomAccessibleInterval<T> target) {
        Cursor<T> s = Views.flatIterable(src).cursor();
        Cursor<T> t = Views.flatIterable(target).cursor();
        while (s.hasNext())
            t.next().set(s.next());
    }

    private static String with(String provenance, Map<String, Object> cascade) {
        return Json.with(provenance, "cascade", cascade);
    }
}
