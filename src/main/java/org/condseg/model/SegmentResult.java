package org.condseg.model;

import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * What a segmentation gives back: a label image on the input's grid (x, y, z; 0 = background), the
 * foreground probability where the model gives one, and the provenance to store with the labels.
 *
 * <pre>{@code
 * SegmentResult r = segmenter.segment(request, Progress.NONE, new CancelFlag());
 * long voxels = r.voxelCount(1);
 * }</pre>
 *
 * A generative model sampled N times ({@code --samples N}) gives the consensus as {@code labels}, the
 * mean probability as {@code probabilities}, a per-pixel {@code uncertainty} and the N sampled masks.
 *
 * @param labels the label image
 * @param probabilities foreground probability in [0, 1], or {@code null}
 * @param uncertainty per-pixel uncertainty (e.g. the entropy of the mean probability, in bits), or {@code null}
 * @param samples the sampled label images of a generative model, in sample order (empty otherwise)
 * @param provenance a JSON object: model id and sha256, prompts, seed, tiling, version
 */
public record SegmentResult(Img<UnsignedShortType> labels, Img<FloatType> probabilities, Img<FloatType> uncertainty,
        List<Img<UnsignedShortType>> samples, String provenance) {

    public SegmentResult {
        samples = List.copyOf(samples);
    }

    /** A result without uncertainty or samples. */
    public SegmentResult(Img<UnsignedShortType> labels, Img<FloatType> probabilities, String provenance) {
        this(labels, probabilities, null, List.of(), provenance);
    }

    /** The number of voxels carrying {@code label}. */
    public long voxelCount(int label) {
        long n = 0;
        for (UnsignedShortType t : labels)
            if (t.get() == label)
                n++;
        return n;
    }

    /** The largest label present (0 for an empty result). */
    public int maxLabel() {
        int m = 0;
        for (UnsignedShortType t : labels)
            m = Math.max(m, t.get());
        return m;
    }
}
