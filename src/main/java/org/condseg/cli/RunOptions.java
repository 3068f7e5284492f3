package org.condseg.cli;

import org.condseg.model.SegmentOptions;

import picocli.CommandLine.Option;

/**
 * The options of how a model runs, shared by {@code segment}, {@code batch} and the Spark runner:
 * threads, device, tile overlap, samples, seed, test-time augmentation and the cascade.
 *
 * <pre>{@code
 * @Mixin RunOptions run = new RunOptions();
 * SegmentOptions o = run.segmentOptions(); // IllegalArgumentException naming a bad value
 * int cascade = run.cascadeFactor();       // 0 without --cascade
 * }</pre>
 */
public final class RunOptions {

    @Option(names = "--threads", defaultValue = "0", description = "engine threads (0: engine's choice)")
    int threads;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto")
    String device;

    @Option(names = "--overlap", defaultValue = "-1", description = "tile overlap fraction (default: the model's)")
    double overlap;

    @Option(names = "--samples", defaultValue = "1", description = "samples of a generative model")
    int samples;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--tta", description = "test-time augmentation: average over flipped inputs")
    boolean tta;

    @Option(names = "--cascade", description = "models without a condition: a coarse pass over the image shrunk by --cascade-factor, then full resolution only around what it found")
    boolean cascade;

    @Option(names = "--cascade-factor", defaultValue = "2", paramLabel = "N", description = "the coarse pass's shrink factor (default 2)")
    int cascadeFactor;

    /** The options as the core takes them; a bad value gives an IllegalArgumentException naming it. */
    public SegmentOptions segmentOptions() {
        return new SegmentOptions(threads, device, overlap, samples, seed, tta);
    }

    /** The cascade's shrink factor, 0 without {@code --cascade}; an IllegalArgumentException where it is below 2. */
    public int cascadeFactor() {
        if (cascade && cascadeFactor < 2)
            throw new IllegalArgumentException("--cascade-factor " + cascadeFactor + " is below 2");
        return cascade ? cascadeFactor : 0;
    }
}
