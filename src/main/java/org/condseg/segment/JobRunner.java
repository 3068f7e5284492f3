package org.condseg.segment;

import java.util.function.BooleanSupplier;

import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;

/**
 * Runs {@link SegmentJob}s with one open model: the one call behind {@code segment}, {@code batch},
 * Spark and the ImageJ commands. It checks the job against the model, runs its {@link Strategy}, then
 * its refinement; the result carries the provenance of all of it.
 *
 * <pre>{@code
 * try (Network net = Models.open(spec, options, System.err::println)) {
 *     JobRunner runner = new JobRunner(spec, net);
 *     runner.check(job.strategy());            // before reading further inputs or writing anything
 *     SegmentResult r = runner.run(job, progress, cancelled);
 * }
 * }</pre>
 */
public final class JobRunner {

    private final ModelSpec spec;
    private final Network network;
    private final Segmenter segmenter;

    public JobRunner(ModelSpec spec, Network network) {
        this.spec = spec;
        this.network = network;
        this.segmenter = new Segmenter(spec, network);
    }

    public ModelSpec spec() {
        return spec;
    }

    /**
     * Refuses a job whose strategy does not suit the model, before any work.
     *
     * @throws UsageException naming the strategy and the model
     */
    public void check(Strategy strategy) throws UsageException {
        check(spec, strategy);
    }

    /** As {@link #check(Strategy)} before the model is open. */
    public static void check(ModelSpec spec, Strategy strategy) throws UsageException {
        if (strategy instanceof Strategy.Cascade)
            CascadeSegmenter.check(spec);
        else if (strategy instanceof Strategy.Propagate)
            Propagator.check(spec);
    }

    /**
     * Runs the job.
     *
     * @throws UsageException where the prompts or the strategy do not suit the model or the image
     * @throws InputException where the image cannot be segmented by this model
     * @throws RunException where the engine fails
     * @throws java.util.concurrent.CancellationException where {@code cancelled} turned true
     */
    public SegmentResult run(SegmentJob job, Progress progress, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        check(job.strategy());
        SegmentResult result;
        Strategy s = job.strategy();
        if (s instanceof Strategy.Cascade c) {
            result = new CascadeSegmenter(segmenter, c.factor()).segment(request(job), progress, cancelled);
        } else if (s instanceof Strategy.PerObject o) {
            result = new InstanceSegmenter(spec, network).segment(job.image(), job.channels(), job.objects(), o.firstLabel(), false,
                    job.options(), progress, cancelled);
        } else if (s instanceof Strategy.Propagate p) {
            result = job.objects().size() == 1 && p.firstLabel() == 1
                    ? new Propagator(spec, network, Propagator.Settings.defaults(), p.ends()).segment(request(job), progress, cancelled)
                    : new InstanceSegmenter(spec, network, Propagator.Settings.defaults(), p.ends()).segment(job.image(), job.channels(),
                            job.objects(), p.firstLabel(), true, job.options(), progress, cancelled);
        } else {
            result = segmenter.segment(request(job), progress, cancelled);
        }
        return job.refinement().isEmpty() ? result : job.refinement().refine(result, job.image(), progress, cancelled);
    }

    /** The job's one object as a request to the model. */
    private SegmentRequest request(SegmentJob job) throws UsageException {
        if (job.objects().size() > 1)
            throw new UsageException(job.objects().size() + " separately drawn objects were given to model " + spec.id()
                    + ", which segments the image as a whole; give their prompts together, or segment each object on its own");
        return new SegmentRequest(job.image(), job.onlyObject(), job.options(), job.channels());
    }
}
