package org.condseg.cli;

import org.condseg.model.Device;
import org.condseg.model.MaskChoice;
import org.condseg.model.SegmentOptions;
import org.condseg.segment.Propagator;
import org.condseg.segment.Strategy;

import picocli.CommandLine.Option;

/**
 * The options of how a model runs, shared by {@code segment}, {@code batch} and the Spark runner:
 * threads, device, tile size and overlap, samples, seed, test-time augmentation, the candidate mask, and the strategy (cascade
 * or propagation), each bounded (a value out of bounds is a usage error naming it).
 *
 * <pre>{@code
 * @Mixin RunOptions run = new RunOptions();
 * SegmentOptions o = run.segmentOptions(); // IllegalArgumentException naming a bad value
 * Strategy s = run.strategy();            // whole image, cascade or propagation
 * }</pre>
 */
public final class RunOptions {

    /** The most samples of a generative model one run takes (each is a label image of the input's size). */
    public static final int MAX_SAMPLES = 10_000;

    /** The largest cascade shrink factor. */
    public static final int MAX_CASCADE_FACTOR = 64;

    @Option(names = "--threads", defaultValue = "0", description = "engine threads (0: engine's choice; at most 4 per core)")
    int threads;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto")
    String device;

    @Option(names = "--overlap", paramLabel = "F", description = "tile overlap fraction in [0, 1) (default: the model's)")
    Double overlap;

    @Option(names = "--tile", paramLabel = "X,Y[,Z]", description = "tile size of a model without a condition, in pixels "
            + "(rounded up to what the model takes; default: the model's)")
    String tile;

    @Option(names = "--samples", defaultValue = "1", description = "samples of a generative model (1 to 10000)")
    int samples;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--tta", description = "test-time augmentation: average over flipped inputs")
    boolean tta;

    @Option(names = "--mask-choice", defaultValue = "best", paramLabel = "best|small|medium|large",
            description = "which candidate mask of an ambiguous prompt (models with several candidates): the best-scored, or the smallest, middle or largest")
    String maskChoice;

    @Option(names = "--cascade", description = "models without a condition: a coarse pass over the image shrunk by --cascade-factor, then full resolution only around what it found")
    boolean cascade;

    @Option(names = "--cascade-factor", defaultValue = "2", paramLabel = "N", description = "the coarse pass's shrink factor (default 2)")
    int cascadeFactor;

    @Option(names = "--propagate", description = "carry a 2D prompt through the slices of a stack (interactive 2D models)")
    boolean propagate;

    @Option(names = "--propagate-slices", paramLabel = "FIRST,LAST", split = ",",
            description = "with --propagate: the object lies on slices FIRST..LAST (0-based, inclusive); propagation stays within them")
    long[] propagateSlices;

    /** The options as the core takes them; a bad value gives an IllegalArgumentException naming it. */
    public SegmentOptions segmentOptions() {
        int cores = Runtime.getRuntime().availableProcessors();
        int maxThreads = SegmentOptions.maxThreads();
        if (threads < 0 || threads > maxThreads)
            throw new IllegalArgumentException("--threads " + threads + " is not in 0.." + maxThreads + " (0: the engine's choice; at most 4 per core, "
                    + cores + " core(s) here)");
        if (overlap != null && !(overlap >= 0 && overlap < 1))
            throw new IllegalArgumentException("--overlap " + overlap + " is not a fraction in [0, 1)");
        if (samples < 1 || samples > MAX_SAMPLES)
            throw new IllegalArgumentException("--samples " + samples + " is not in 1.." + MAX_SAMPLES);
        MaskChoice choice;
        try {
            choice = MaskChoice.parse(maskChoice);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mask-choice " + e.getMessage());
        }
        return new SegmentOptions(threads, Device.parse(device), overlap == null ? -1 : overlap, samples, seed, tta, tileSizes(),
                choice);
    }

    private int[] tileSizes() {
        if (tile == null)
            return null;
        String[] parts = tile.split("[,x]", -1);
        if (parts.length < 2 || parts.length > 3)
            throw new IllegalArgumentException("--tile " + tile + ": expected 2 or 3 comma-separated sizes (x,y[,z])");
        int[] t = new int[parts.length];
        for (int i = 0; i < t.length; i++) {
            try {
                t[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--tile " + tile + ": '" + parts[i] + "' is not an integer");
            }
            if (t[i] < 1 || t[i] > SegmentOptions.MAX_TILE)
                throw new IllegalArgumentException("--tile " + tile + ": size " + t[i] + " is not in 1.." + SegmentOptions.MAX_TILE);
        }
        return t;
    }

    /** The cascade's shrink factor, 0 without {@code --cascade}; an IllegalArgumentException where it is below 2. */
    public int cascadeFactor() {
        if (cascade && (cascadeFactor < 2 || cascadeFactor > MAX_CASCADE_FACTOR))
            throw new IllegalArgumentException("--cascade-factor " + cascadeFactor + (cascadeFactor < 2 ? " is below 2"
                    : " is above " + MAX_CASCADE_FACTOR));
        return cascade ? cascadeFactor : 0;
    }

    /**
     * How the model runs over each image: a cascade, propagation, or the whole image at once.
     *
     * @throws IllegalArgumentException where the cascade factor is below 2, or both are asked for
     */
    public Strategy strategy() {
        int factor = cascadeFactor();
        if (factor > 0 && propagate)
            throw new IllegalArgumentException("--cascade and --propagate do not go together: the cascade runs models without a condition");
        if (propagateSlices != null && !propagate)
            throw new IllegalArgumentException("--propagate-slices goes with --propagate");
        if (factor > 0)
            return new Strategy.Cascade(factor);
        return propagate ? new Strategy.Propagate(1, ends()) : new Strategy.WholeImage();
    }

    /** Where propagation stops: the default rules, within the user's end slices where given. */
    private Propagator.Ends ends() {
        if (propagateSlices == null)
            return Propagator.Ends.defaults();
        if (propagateSlices.length != 2 || propagateSlices[0] < 0 || propagateSlices[1] < propagateSlices[0])
            throw new IllegalArgumentException("--propagate-slices takes FIRST,LAST with 0 <= FIRST <= LAST");
        return Propagator.Ends.defaults().between(propagateSlices[0], propagateSlices[1]);
    }
}
