package org.condseg.cli;

import org.condseg.model.SegmentOptions;

import picocli.CommandLine.Option;

/**
 * The options of how a model runs, shared by {@code segment}, {@code batch} and the Spark runner:
 * threads, device, tile overlap, samples, seed and test-time augmentation.
 *
 * <pre>{@code
 * @Mixin RunOptions run = new RunOptions();
 * SegmentOptions o = run.segmentOptions(); // IllegalArgumentException naming a bad value
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

    /** The options as the core takes them; a bad value gives an IllegalArgumentException naming it. */
    public SegmentOptions segmentOptions() {
        return new SegmentOptions(threads, device, overlap, samples, seed, tta);
    }
}
