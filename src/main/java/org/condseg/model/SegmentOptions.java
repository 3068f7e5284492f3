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
 * @param tile the tile size (x, y[, z]) of a tiled model, or {@code null} for the model's own
 * @param maskChoice which candidate mask an ambiguity-aware model gives each prompt
 */
public record SegmentOptions(int threads, Device device, double overlap, int samples, long seed, boolean tta, int[] tile,
        MaskChoice maskChoice) {

    /** The largest tile size along an axis. */
    public static final int MAX_TILE = 4096;

    /** Options with the best-scored candidate mask. */
    public SegmentOptions(int threads, Device device, double overlap, int samples, long seed, boolean tta, int[] tile) {
        this(threads, device, overlap, samples, seed, tta, tile, MaskChoice.BEST);
    }

    /** Options with the model's own tile size. */
    public SegmentOptions(int threads, Device device, double overlap, int samples, long seed, boolean tta) {
        this(threads, device, overlap, samples, seed, tta, null);
    }

    /** The same with the device as users name it and a tile size ({@code null}: the model's). */
    public SegmentOptions(int threads, String device, double overlap, int samples, long seed, boolean tta, int[] tile) {
        this(threads, Device.parse(device), overlap, samples, seed, tta, tile, MaskChoice.BEST);
    }

    public SegmentOptions {
        if (tile != null) {
            tile = tile.clone();
            if (tile.length < 2 || tile.length > 3)
                throw new IllegalArgumentException("tile " + java.util.Arrays.toString(tile) + " has not 2 or 3 sizes");
            for (int t : tile)
                if (t < 1 || t > MAX_TILE)
                    throw new IllegalArgumentException("tile size " + t + " is not in 1.." + MAX_TILE);
        }
        if (threads < 0)
            throw new IllegalArgumentException("threads " + threads + " is negative");
        if (device == null)
            throw new IllegalArgumentException("no device");
        if (Double.isNaN(overlap) || overlap >= 1)
            throw new IllegalArgumentException("overlap " + overlap + " is not below 1");
        if (samples < 1)
            throw new IllegalArgumentException("samples " + samples + " is below 1");
        if (maskChoice == null)
            throw new IllegalArgumentException("no mask choice");
    }

    /** The same with the device as users name it ({@code cpu}, {@code gpu}, {@code auto}); an IllegalArgumentException otherwise. */
    public SegmentOptions(int threads, String device, double overlap, int samples, long seed, boolean tta) {
        this(threads, Device.parse(device), overlap, samples, seed, tta);
    }

    /** The most engine threads (or batch cases at once) a run may ask for: 4 per core, at least 8. */
    public static int maxThreads() {
        return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    }

    public static SegmentOptions defaults() {
        return new SegmentOptions(0, Device.CPU, -1, 1, 0, false);
    }

    public SegmentOptions withThreads(int t) {
        return new SegmentOptions(t, device, overlap, samples, seed, tta, tile, maskChoice);
    }

    public SegmentOptions withDevice(String d) {
        return new SegmentOptions(threads, Device.parse(d), overlap, samples, seed, tta, tile, maskChoice);
    }

    public SegmentOptions withDevice(Device d) {
        return new SegmentOptions(threads, d, overlap, samples, seed, tta, tile, maskChoice);
    }

    public SegmentOptions withOverlap(double o) {
        return new SegmentOptions(threads, device, o, samples, seed, tta, tile, maskChoice);
    }

    public SegmentOptions withSamples(int n, long s) {
        return new SegmentOptions(threads, device, overlap, n, s, tta, tile, maskChoice);
    }

    public SegmentOptions withTta(boolean on) {
        return new SegmentOptions(threads, device, overlap, samples, seed, on, tile, maskChoice);
    }

    public SegmentOptions withTile(int... t) {
        return new SegmentOptions(threads, device, overlap, samples, seed, tta, t, maskChoice);
    }

    public SegmentOptions withMaskChoice(MaskChoice c) {
        return new SegmentOptions(threads, device, overlap, samples, seed, tta, tile, c);
    }

    /** The tile size, or {@code null} for the model's own (a copy). */
    @Override
    public int[] tile() {
        return tile == null ? null : tile.clone();
    }
}
