package org.condseg.batch;

import java.nio.file.Path;

import org.condseg.model.MaskChoice;
import org.condseg.model.SegmentOptions;
import org.condseg.refine.Refinement;
import org.condseg.segment.Propagator;
import org.condseg.segment.Strategy;

/**
 * The parameters of Batch Segment Folder... (the ImageJ 1 plugin and its SciJava command), named as
 * their macro keys, and the {@link BatchJob} they make: the command line's {@code batch} with the same
 * capabilities. Per-case prompts come from a manifest's columns; {@code className} is the default class of
 * a class-conditional model; {@code first}/{@code last} (1-based, 0 for none) bound propagation;
 * {@code cascade} is a shrink factor (0: none); a bad value gives an IllegalArgumentException naming its key.
 *
 * <pre>{@code
 * BatchJob job = new BatchParameters(Path.of("cases.csv"), Path.of("out"), "", true, 1, null, "", false, 0, 0, 1, 0,
 *         false, false, false, false, "best", "cpu", 0, -1, 0, "").job();
 * }</pre>
 */
public record BatchParameters(Path input, Path output, String format, boolean resume, int jobs, Path summary, String className,
        boolean propagate, int first, int last, int samples, long seed, boolean probabilities, boolean uncertainty,
        boolean sampleMasks, boolean tta, String maskChoice, String device, int threads, double overlap, int cascade, String refine) {

    /** The job these parameters describe. */
    public BatchJob job() {
        if (input == null || output == null || input.toString().isBlank() || output.toString().isBlank())
            throw new IllegalArgumentException("give an input folder or CSV and an output folder");
        if (jobs < 1 || jobs > SegmentOptions.maxThreads())
            throw new IllegalArgumentException("jobs=" + jobs + " is not in 1.." + SegmentOptions.maxThreads());
        SegmentOptions options = new SegmentOptions(threads, device, overlap, samples, seed, tta).withMaskChoice(MaskChoice.parse(maskChoice));
        Refinement refinement = refine == null || refine.isBlank() ? Refinement.NONE : Refinement.parse(refine);
        CasePrompts defaults = className == null || className.isBlank() ? CasePrompts.NONE
                : new CasePrompts(java.util.List.of(), java.util.List.of(), null, className.strip());
        return new BatchJob(input, output, format == null || format.isBlank() ? null : format.strip(), resume, jobs, Shard.ALL, summary,
                defaults, options, strategy(), refinement, new CaseOutputs(probabilities, uncertainty, sampleMasks));
    }

    private Strategy strategy() {
        if (cascade != 0 && cascade < 2)
            throw new IllegalArgumentException("cascade=" + cascade + ": give 0 for none, or a shrink factor of 2 or more");
        if (cascade > 0 && propagate)
            throw new IllegalArgumentException("cascade and propagate do not go together: the cascade runs models without a condition");
        boolean bounded = first != 0 || last != 0;
        if (bounded && !propagate)
            throw new IllegalArgumentException("first= and last= go with propagate");
        if (bounded && (first < 1 || last < first))
            throw new IllegalArgumentException("first=" + first + " last=" + last + ": give slices from 1 with first <= last");
        if (cascade > 0)
            return new Strategy.Cascade(cascade);
        if (!propagate)
            return new Strategy.WholeImage();
        return new Strategy.Propagate(1, bounded ? Propagator.Ends.defaults().between(first - 1, last - 1) : Propagator.Ends.defaults());
    }
}
