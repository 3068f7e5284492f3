package org.condseg.model;

/**
 * How to run: threads, device, tiling overlap, samples of a generative model and their seed.
 *
 * <pre>{@code
 * SegmentOptions o = SegmentOptions.defaults().withThreads(2);
 * }</pre>
 *
 * @param threads engine threads (0: let the engine choose)
 * @param device where the model is asked to run
 * @param overlap tile overlap in [0, 1), or a negative value for the model's own
 * @param samples samples of a generative model (1 otherwise)
 * @param seed the seed of the samples
 * @param tta test-time augmentation: average the predictions of the flipped inputs
 */
public record SegmentOptions(int threads, Device device, double overlap, int samples, long seed, boolean tta) {

    public SegmentOptions {
        if (threads < 0)
            throw new IllegalArgumentException("threads " + threads + " is negative");
        if (device == null)
            throw new IllegalArgumentException("no device");
        if (Double.isNaN(overlap) || overlap >= 1)
            throw new IllegalArgumentException("overlap " + overlap + " is not below 1");
        if (samples < 1)
            throw new IllegalArgumentException("samples " + samples + " is below 1");
    }

    /** The same with the device as users name it ({@code cpu}, {@code gpu}, {@code auto}); an IllegalArgumentException otherwise. */
    public SegmentOptions(int threads, String device, double overlap, int samples, long seed, boolean tta) {
        this(threads, Device.parse(device), overlap, samples, seed, tta);
    }

    public static SegmentOptions defaults() {
        return new SegmentOptions(0, Device.CPU, -1, 1, 0, false);
    }

    public SegmentOptions withThreads(int t) {
        return new SegmentOptions(t, device, overlap, samples, seed, tta);
    }

    public SegmentOptions withDevice(String d) {
        return new SegmentOptions(threads, Device.parse(d), overlap, samples, seed, tta);
    }

    public SegmentOptions withDevice(Device d) {
        return new SegmentOptions(threads, d, overlap, samples, seed, tta);
    }

    public SegmentOptions withOverlap(double o) {
        return new SegmentOptions(threads, device, o, samples, seed, tta);
    }

    public SegmentOptions withSamples(int n, long s) {
        return new SegmentOptions(threads, device, overlap, n, s, tta);
    }

    public SegmentOptions withTta(boolean on) {
        return new SegmentOptions(threads, device, overlap, samples, seed, on);
    }
}
