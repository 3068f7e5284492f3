package org.condseg.segment;

import java.util.List;

import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Volume;
import org.condseg.refine.Refinement;

/**
 * One segmentation job, whatever the front end (command line, batch, Spark, ImageJ): the image and its
 * further channels, the objects' prompts, the run options, the {@link Strategy} and the refinement of the
 * labels. {@link JobRunner} runs it.
 *
 * <pre>{@code
 * SegmentJob job = SegmentJob.of(volume, prompts, options).with(new Strategy.Propagate()).refinedBy(Refinement.parse("fill-holes"));
 * SegmentResult r = new JobRunner(spec, net).run(job, Progress.NONE, () -> false);
 * }</pre>
 *
 * @param image the input (its first channel)
 * @param channels the further input channels of a multi-modal model, each on the image's grid (empty: one channel)
 * @param objects the prompts of each object (empty: none; a model without a condition takes at most one,
 *        which may name a class)
 * @param options threads, device, overlap, samples, seed, test-time augmentation
 * @param strategy how the model runs over the image
 * @param refinement classic refinement of the labels afterwards ({@link Refinement#NONE}: none)
 */
public record SegmentJob(Volume image, List<Volume> channels, List<Prompts> objects, SegmentOptions options, Strategy strategy,
        Refinement refinement) {

    public SegmentJob {
        if (image == null || options == null || strategy == null || refinement == null)
            throw new IllegalArgumentException("a job needs an image, options, a strategy and a refinement");
        channels = List.copyOf(channels);
        objects = List.copyOf(objects);
    }

    /** A job of one object (its prompts; {@link Prompts#NONE} for none) over the whole image, not refined. */
    public static SegmentJob of(Volume image, Prompts prompts, SegmentOptions options) {
        return new SegmentJob(image, List.of(), List.of(prompts), options, new Strategy.WholeImage(), Refinement.NONE);
    }

    /** A job of several objects, each its own label from 1, not refined. */
    public static SegmentJob ofObjects(Volume image, List<Prompts> objects, SegmentOptions options) {
        return new SegmentJob(image, List.of(), objects, options, new Strategy.PerObject(1), Refinement.NONE);
    }

    public SegmentJob with(Strategy s) {
        return new SegmentJob(image, channels, objects, options, s, refinement);
    }

    public SegmentJob withChannels(List<Volume> more) {
        return new SegmentJob(image, more, objects, options, strategy, refinement);
    }

    public SegmentJob refinedBy(Refinement r) {
        return new SegmentJob(image, channels, objects, options, strategy, r);
    }

    /** All prompts of the job as one: the one object's, or none. */
    Prompts onlyObject() {
        return objects.isEmpty() ? Prompts.NONE : objects.get(0);
    }
}
