package org.condseg.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.conditioning.InteractiveEncoder;
import org.condseg.conditioning.MaskDecoder;
import org.condseg.conditioning.Resampler;
import org.condseg.model.OptionKey;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Tensor;
import org.condseg.model.TensorSpec;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.condseg.segment.PromptedObjects.SliceObject;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Runs a 2D windowed generative model (a conditional VAE such as probabilistic-2d) N times per
 * prompted object: the encoding goes in once with an {@code [N, L]} block of standard normal draws
 * (java.util.Random seeded with the request's seed, drawn object after object in slice order), the
 * model returns N logit maps. Each sample is decoded like an interactive model's output into its own
 * label image; the consensus is the mean probability decoded the same way; the uncertainty is the
 * binary entropy of the mean probability, in bits (0 = all samples agree, 1 = a coin toss).
 * The same seed gives the same result.
 *
 * <pre>{@code
 * SegmentRequest r = new SegmentRequest(volume, prompts, SegmentOptions.defaults().withSamples(16, 42));
 * SegmentResult s = new ProbabilisticSegmenter(spec, net).segment(r, Progress.NONE, () -> false);
 * s.samples().size(); // 16
 * }</pre>
 */
final class ProbabilisticSegmenter {

    private final ModelSpec spec;
    private final Network network;
    private final Conditioning cond;

    ProbabilisticSegmenter(ModelSpec spec, Network network) {
        this.spec = spec;
        this.network = network;
        this.cond = spec.conditioning();
        if (cond.grid().length != 2 || cond.latent() == null)
            throw new IllegalArgumentException("model " + spec.id() + " is not a 2D windowed model with a latent");
    }

    SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled)
            throws RunException, UsageException {
        if (request.options().tta())
            throw new UsageException(OptionKey.TTA.mark() + " is not available for generative model " + spec.id()
                    + ": use " + OptionKey.SAMPLES.mark() + " for its uncertainty");
        var image = request.image().pixels();
        long w = image.dimension(0), h = image.dimension(1), d = image.dimension(2);
        int n = request.options().samples();
        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(w, h, d);
        Img<FloatType> mean = ArrayImgs.floats(w, h, d);
        Img<FloatType> uncertainty = ArrayImgs.floats(w, h, d);
        List<Img<UnsignedShortType>> samples = new ArrayList<>();
        for (int i = 0; i < n; i++)
            samples.add(ArrayImgs.unsignedShorts(w, h, d));
        Random random = new Random(request.options().seed());
        SortedMap<Long, List<SliceObject>> bySlice = PromptedObjects.bySlice(request.prompts(), cond, w, h, d);
        Map<SliceObject, Integer> labelOf = PromptedObjects.labels(bySlice, request.prompts());
        int done = 0;
        for (var e : bySlice.entrySet()) {
            long z = e.getKey();
            var slice = Views.hyperSlice(image, 2, z);
            for (SliceObject o : e.getValue()) {
                if (cancelled.getAsBoolean())
                    throw new CancellationException("cancelled at slice " + z);
                int label = labelOf.get(o);
                float[][] p = run(InteractiveEncoder.encode(slice, o.box(), o.clicks(), o.scribble(), o.window(), cond,
                        spec.input().channels()), noise(random, n));
                float[] avg = new float[p[0].length];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < avg.length; k++)
                        avg[k] += p[i][k] / n;
                    Resampler.Region r = decodeRegion(p[i], o, w, h);
                    PromptedObjects.write(samples.get(i), null, z, r, decode(r, o, w), label);
                }
                Resampler.Region m = decodeRegion(avg, o, w, h);
                PromptedObjects.write(labels, mean, z, m, decode(m, o, w), label);
                PromptedObjects.write(null, uncertainty, z, entropy(m), null, label);
            }
            progress.update("slices", ++done, bySlice.size());
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("windowed", true);
        run.put("noise", "java.util.Random(seed).nextGaussian(), " + cond.latent().size() + " per sample, object after object");
        run.put("uncertainty", "entropy of the mean probability (bits)");
        return new SegmentResult(labels, mean, uncertainty, samples, Provenance.of(spec, request, run));
    }

    /** {@code n} rows of the latent's size, standard normal. */
    private float[] noise(Random random, int n) {
        float[] v = new float[n * cond.latent().size()];
        for (int i = 0; i < v.length; i++)
            v[i] = (float) random.nextGaussian();
        return v;
    }

    /** The N probability maps on the model grid. */
    private float[][] run(float[] x, float[] noise) throws RunException {
        int gx = cond.grid()[0], gy = cond.grid()[1], g = gx * gy, size = cond.latent().size(), n = noise.length / size;
        List<Tensor> inputs = new ArrayList<>();
        for (TensorSpec t : spec.inputs())
            inputs.add(t.id().equals(cond.latent().input()) ? new Tensor(t.id(), new long[] {n, size}, noise)
                    : new Tensor(t.id(), new long[] {1, spec.input().channels(), gy, gx}, x));
        float[] out = network.run(inputs).get(0).data();
        if (out.length != n * g)
            throw new RunException(spec.id(), "the model returned " + out.length + " values for " + n + " samples of "
                    + gx + "x" + gy, null);
        float[][] p = new float[n][g];
        for (int i = 0; i < n; i++) {
            System.arraycopy(out, i * g, p[i], 0, g);
            cond.activation().apply(p[i]);
        }
        return p;
    }

    private static Resampler.Region decodeRegion(float[] grid, SliceObject o, long w, long h) {
        return Resampler.backProject(grid, o.window(), w, h);
    }

    private boolean[] decode(Resampler.Region p, SliceObject o, long w) {
        return MaskDecoder.decode(p, cond.threshold(), cond.clipToBox() ? o.box() : null, o.clicks(), o.scribble(), w,
                cond.keep(), cond.connectivity());
    }

    /** Binary entropy (bits) of each probability of the region. */
    static Resampler.Region entropy(Resampler.Region p) {
        float[] v = new float[p.values().length];
        for (int i = 0; i < v.length; i++)
            v[i] = (float) Uncertainty.entropy(p.values()[i]);
        return new Resampler.Region(p.x0(), p.y0(), p.width(), p.height(), v);
    }
}
