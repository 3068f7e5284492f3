package org.condseg.segment;

import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Volume;

/**
 * What segmenting a volume allocates on the Java heap beside the input, estimated from its size before
 * any work, so that a front end can refuse a job the heap cannot hold instead of failing half way:
 * labels and probabilities, the float copies a whole-image 3D model tiles from, per-sample label images
 * of a generative model (and their copies written out), and the largest image made for writing.
 *
 * <pre>{@code
 * long bytes = MemoryNeed.of(spec, volume, options); // compare with the free heap
 * }</pre>
 */
public final class MemoryNeed {

    /** What one sample adds beside its label image: its noise and the model's answer on the model grid. */
    static final long PER_SAMPLE_RUN = 1L << 18;

    private MemoryNeed() {
    }

    public static long of(ModelSpec spec, Volume v, SegmentOptions options) {
        long plane = multiply(v.width(), v.height()), voxels = multiply(plane, v.depth());
        if (voxels < 0)
            return Long.MAX_VALUE;
        // labels (2 bytes a voxel) and probabilities (4) over the whole volume, always
        long perVoxel = 2 + 4;
        if (spec.conditioning().task() == org.condseg.model.Conditioning.Task.NONE)
            // whole-image tiling: a float copy of each input channel and an output image per model channel
            // (per slice for a 2D model, whole for a 3D one)
            perVoxel += spec.spatialDims() == 3 ? 4L * (spec.input().channels() + spec.output().channels()) : 0;
        if (options.tta())
            perVoxel += 4; // the running mean of the flipped predictions
        long work = add(multiply(voxels, perVoxel), multiply(plane, 32 + 4L * spec.output().channels()));
        // one output image at a time is made for writing: at most a float copy
        long written = multiply(voxels, 4);
        long samples = options.samples() <= 1 ? 0
                : add(multiply(voxels, 4 + 4), multiply(options.samples(), add(multiply(voxels, 2 + 2), PER_SAMPLE_RUN)));
        return add(add(work, written), samples);
    }

    private static long multiply(long a, long b) {
        return a < 0 || b < 0 ? Long.MAX_VALUE : Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
