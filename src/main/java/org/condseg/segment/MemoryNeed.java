package org.condseg.segment;

import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Volume;

/**
 * What segmenting a volume allocates on the Java heap beside the input, estimated from its size before
 * any work, so that a front end can refuse a job the heap cannot hold instead of failing half way:
 * float working copies, labels and probabilities, per-sample label images of a generative model, and
 * the 32-bit images written for them.
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
        // working copies, labels and probabilities (as the batch runner reserves), then the images written out
        long work = spec.spatialDims() == 3 ? multiply(voxels, 20) : add(multiply(voxels, 8), multiply(plane, 32));
        long written = multiply(voxels, 2 + 4 + 4);
        long samples = options.samples() <= 1 ? 0
                : multiply(options.samples(), add(multiply(voxels, 2 + 2), PER_SAMPLE_RUN));
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
