package org.condseg.model;

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
 * @param labels the label image
 * @param probabilities foreground probability in [0, 1], or {@code null}
 * @param provenance a JSON object: model id and sha256, prompts, seed, tiling, version
 */
public record SegmentResult(Img<UnsignedShortType> labels, Img<FloatType> probabilities, String provenance) {

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
