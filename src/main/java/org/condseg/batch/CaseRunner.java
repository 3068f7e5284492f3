package org.condseg.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.condseg.io.image.ImageFormats;
import org.condseg.io.image.ImageVolumes;
import org.condseg.io.image.Placement;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.Checksums;
import org.condseg.model.CondSegException;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.MaskChoice;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.refine.Refinement;
import org.condseg.segment.MemoryNeed;
import org.condseg.segment.JobRunner;
import org.condseg.segment.Propagator;
import org.condseg.segment.Provenance;
import org.condseg.segment.SegmentJob;
import org.condseg.segment.Strategy;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * One case, start to finish: the reusable per-case function of every batch runner (this JVM's
 * workers, a Slurm array task, a Spark executor, ImageJ's batch). It reads the input, makes a
 * {@link SegmentJob} of it and runs it with the shared {@link JobRunner}, writes the label image, then the {@link Sidecar} that marks the case finished;
 * each file through a temporary file renamed into place. With resume, a case whose sidecar matches the
 * input's sha256 and the request, and whose output is intact, is skipped. The job's {@link Strategy}
 * ({@link #with}: whole image, cascade, propagation) and refinement enter the request's digest. A failure is returned (its
 * one line and exit code) with nothing left of the case's outputs; the runner never throws for a case.
 *
 * <pre>{@code
 * CaseRunner runner = new CaseRunner(new JobRunner(spec, net), options, true, MemoryBudget.ofHeap());
 * CaseResult r = runner.run(new BatchCase("p1", in, out, CasePrompts.NONE), () -> false);
 * CaseRunner coarseThenFine = runner.with(new Strategy.Cascade(2)); // as --cascade
 * }</pre>
 */
public final class CaseRunner {

    private final JobRunner jobs;
    private final SegmentOptions options;
    private final boolean resume;
    private final MemoryBudget budget;
    private final String weightsSha;
    private final Function<BatchCase, String> inputName;
    private final Refinement refinement;
    private final Strategy strategy;
    private final CaseOutputs extra;

    public CaseRunner(JobRunner jobs, SegmentOptions options, boolean resume, MemoryBudget budget) throws IOException {
        this(jobs, options, resume, budget, Refinement.NONE);
    }

    /** A runner that refines each case's labels with {@code refinement} before writing them. */
    public CaseRunner(JobRunner jobs, SegmentOptions options, boolean resume, MemoryBudget budget, Refinement refinement)
            throws IOException {
        this.refinement = refinement;
        this.jobs = jobs;
        this.options = options;
        this.resume = resume;
        this.budget = budget;
        ModelSpec spec = jobs.spec();
        this.weightsSha = spec.sha256() != null ? spec.sha256() : Checksums.sha256(spec.weights());
        this.inputName = c -> c.input().toAbsolutePath().normalize().toString();
        this.strategy = new Strategy.WholeImage();
        this.extra = CaseOutputs.LABELS;
    }

    private CaseRunner(CaseRunner r, Function<BatchCase, String> inputName, Strategy strategy, CaseOutputs extra) {
        this.refinement = r.refinement;
        this.jobs = r.jobs;
        this.options = r.options;
        this.resume = r.resume;
        this.budget = r.budget;
        this.weightsSha = r.weightsSha;
        this.inputName = inputName;
        this.strategy = strategy;
        this.extra = extra;
    }

    /**
     * This runner, recording in each sidecar the input as {@code inputName} names it rather than by its
     * absolute path: for a runner that copies inputs from elsewhere (a Hadoop file system) into a local
     * folder first, so that the sidecar names where the input really is.
     */
    public CaseRunner namingInputs(Function<BatchCase, String> inputName) {
        return new CaseRunner(this, inputName, strategy, extra);
    }

    /**
     * This runner, running each case with {@code strategy} (whole image, a cascade, propagation of the
     * case's prompts through its stack), which enters the request's digest, so that resuming reruns the
     * cases when it changes. Per-object strategies are for drawn objects and are refused here.
     *
     * @throws UsageException where the strategy does not suit the model (a cascade of a conditioned model,
     *         propagation with a model that is not interactive 2D)
     */
    public CaseRunner with(Strategy s) throws UsageException {
        if (s instanceof Strategy.PerObject)
            throw new IllegalArgumentException("a batch case is one object: its prompts together");
        jobs.check(s);
        return new CaseRunner(this, inputName, s, extra);
    }

    /** The outputs each case writes beside its label image. */
    public CaseOutputs outputs() {
        return extra;
    }

    /**
     * This runner, writing {@code outputs} beside each case's label image (probabilities, uncertainty,
     * sampled masks); they enter the request's digest, and a case resumes only where they are all there.
     *
     * @throws UsageException where sampled masks are asked of a model that is not generative
     */
    public CaseRunner writing(CaseOutputs outputs) throws UsageException {
        outputs.check(jobs.spec());
        return new CaseRunner(this, inputName, strategy, outputs);
    }

    /** As {@link #with} a cascade shrinking by {@code factor}, or the whole image where it is 0. */
    public CaseRunner cascading(int factor) throws UsageException {
        return with(factor == 0 ? new Strategy.WholeImage() : new Strategy.Cascade(factor));
    }

    /** Runs (or, resuming, skips) one case; never throws except where it was cancelled before starting. */
    public CaseResult run(BatchCase c, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        if (cancelled.getAsBoolean())
            return CaseResult.cancelled(c.id());
        try {
            if (!Files.exists(c.input()))
                throw new InputException(c.input(), "no such file");
            String inputSha = InputDigest.of(c.input());
            String request = request(c);
            if (resume && extra.files(c).stream().allMatch(Files::isRegularFile)) {
                Optional<CaseResult> earlier = Sidecar.finished(c, inputSha, request);
                if (earlier.isPresent())
                    return earlier.get();
            }
            Files.deleteIfExists(c.sidecar());
            CaseResult r = segment(c, inputSha, request, cancelled, start);
            return r;
        } catch (CancellationException e) {
            return CaseResult.cancelled(c.id());
        } catch (CondSegException e) {
            return failed(c, e.subject() == null ? c.input() + ": " + e.getMessage() : e.oneLine(), e.exitCode(), start);
        } catch (OutOfMemoryError e) {
            return failed(c, c.input() + ": ran out of memory (raise -Xmx, or run fewer cases at once)", 3, start);
        } catch (IOException e) {
            return failed(c, c.output() + ": cannot write: " + e, 5, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CaseResult.cancelled(c.id());
        } catch (RuntimeException e) {
            return failed(c, c.input() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), 5, start);
        }
    }

    private CaseResult segment(BatchCase c, String inputSha, String request, BooleanSupplier cancelled, long start)
            throws CondSegException, IOException, InterruptedException {
        MedicalImage image = ImageFormats.read(c.input());
        String title = c.input().getFileName().toString();
        Volume volume = ImageVolumes.volume(image, title);
        List<MedicalImage> others = new ArrayList<>();
        for (Path more : c.channels())
            others.add(ImageFormats.read(more));
        List<Volume> channels = ImageVolumes.moreChannels(image, others, c.channels());
        CasePrompts p = c.prompts();
        Prompts prompts = new Prompts(p.clicks(), p.boxes(),
                p.mask() == null ? null : ImageVolumes.read(p.mask()).pixels(), p.className());
        SegmentResult result;
        try (MemoryBudget.Reservation r = budget.reserve(MemoryNeed.of(jobs.spec(), volume, options), cancelled)) {
            SegmentJob job = new SegmentJob(volume, channels, List.of(prompts), options, strategy, refinement);
            result = jobs.run(job, Progress.NONE, cancelled);
            result = new SegmentResult(result.labels(), result.probabilities(), Provenance.reproducible(result.provenance()));
            Placement at = Placement.of(image, ImageFormats.baseTitle(title));
            ImageFormats.write(ImageVolumes.labels(result, at), c.output());
            List<Path> files = extra.files(c);
            int f = 0;
            if (extra.probabilities())
                ImageFormats.write(ImageVolumes.probabilities(result, at), files.get(f++));
            if (extra.uncertainty())
                ImageFormats.write(ImageVolumes.uncertainty(result, at), files.get(f++));
            if (extra.sampleMasks())
                ImageFormats.write(ImageVolumes.samples(result, at), files.get(f++));
        } catch (IllegalArgumentException e) {
            throw new InputException(c.input(), e.getMessage());
        }
        double[] s = volume.calibration().spacing();
        CaseResult done = new CaseResult(c.id(), CaseResult.Status.DONE, "", 0, seconds(start), count(result),
                s[0] * s[1] * s[2], volume.calibration().unit());
        Sidecar.write(c, inputName.apply(c), inputSha, request, InputDigest.of(c.output()), done, result.provenance());
        return done;
    }

    /** The sha256 of what decides the output besides the input: model, weights, prompts, options, format, refinement, strategy, outputs, tile, mask choice. */
    String request(BatchCase c) throws IOException {
        ModelSpec spec = jobs.spec();
        String mask = c.prompts().mask() == null || !Files.exists(c.prompts().mask()) ? "" : InputDigest.of(c.prompts().mask());
        StringBuilder channels = new StringBuilder();
        for (Path more : c.channels())
            channels.append("\nchannel=").append(Files.exists(more) ? InputDigest.of(more) : more.getFileName());
        return InputDigest.ofText(String.join("\n", "model=" + spec.id(), "weights=" + weightsSha,
                "prompts=" + c.prompts().text(), "mask=" + mask, "samples=" + options.samples(), "seed=" + options.seed(),
                "tta=" + options.tta(), String.format(Locale.ROOT, "overlap=%s", options.overlap()),
                "output=" + c.output().getFileName()) + (refinement.isEmpty() ? "" : "\nrefine=" + refinement.text())
                + strategyText() + extra.text() + (options.tile() == null ? "" : "\ntile=" + java.util.Arrays.toString(options.tile()))
                + (options.maskChoice() == MaskChoice.BEST ? "" : "\nmask_choice=" + options.maskChoice().text()) + channels);
    }

    /** The strategy as the digest knows it: nothing for the whole image (as before strategies existed). */
    private String strategyText() {
        if (strategy instanceof Strategy.Cascade c)
            return "\ncascade=" + c.factor();
        if (strategy instanceof Strategy.Propagate p)
            return "\npropagate=" + p.firstLabel() + (p.ends().equals(Propagator.Ends.defaults()) ? ""
                    : "," + p.ends().firstSlice() + "," + p.ends().lastSlice());
        return "";
    }

    /** What segmenting allocates beside the input: labels, probabilities and float working copies. */
    private static SortedMap<Integer, Long> count(SegmentResult r) {
        long[] n = new long[65536];
        for (UnsignedShortType t : r.labels())
            n[t.get()]++;
        SortedMap<Integer, Long> out = new TreeMap<>();
        for (int l = 1; l < n.length; l++)
            if (n[l] > 0)
                out.put(l, n[l]);
        return out;
    }

    private CaseResult failed(BatchCase c, String error, int code, long start) {
        try {
            Files.deleteIfExists(c.sidecar());
            Files.deleteIfExists(c.output());
            for (Path f : extra.files(c))
                Files.deleteIfExists(f);
        } catch (IOException e) {
            // nothing of the case is trusted without its sidecar: a leftover output is redone on resume
        }
        return CaseResult.failed(c.id(), error.lines().findFirst().orElse(error), code, seconds(start));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

}
