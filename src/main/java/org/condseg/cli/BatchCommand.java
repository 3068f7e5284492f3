package org.condseg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.condseg.batch.BatchJob;
import org.condseg.batch.BatchReport;
import org.condseg.batch.CasePrompts;
import org.condseg.batch.CaseResult;
import org.condseg.batch.Shard;
import org.condseg.io.Models;
import org.condseg.model.SegmentOptions;
import org.condseg.model.CancelFlag;
import org.condseg.model.ModelSpec;
import org.condseg.model.UsageException;
import org.condseg.refine.Refinement;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code batch}: a folder or a CSV manifest through one loaded model.
 *
 * <pre>{@code
 * java -jar condseg.jar batch --model interactive-2d --input cases.csv --output out/ --jobs 4 --resume
 * }</pre>
 */
@Command(name = "batch", mixinStandardHelpOptions = true, description = "Segment a folder of images, or the cases of a CSV manifest, with one model.")
final class BatchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--model", required = true, paramLabel = "ID|PATH", description = "model id or package folder")
    String model;

    @Option(names = "--models", paramLabel = "DIR", description = "folder of model packages searched first")
    Path modelsDir;

    @Option(names = "--input", required = true, paramLabel = "DIR|CSV", description = "a folder of images, or a CSV manifest")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "folder of label images, sidecars and the summary")
    Path output;

    @Option(names = "--format", paramLabel = "EXT", description = "output format (tif, png, nii, nii.gz, mha, nrrd; default: the input's)")
    String format;

    @Option(names = "--resume", description = "skip cases finished by an earlier run (same input sha256 and request)")
    boolean resume;

    @Option(names = "--jobs", defaultValue = "1", description = "cases in flight at once (one model shared)")
    int jobs;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only part I (from 0) of N, split by a hash of the case id")
    String shard;

    @Option(names = "--summary", paramLabel = "FILE", description = "summary CSV (default OUTPUT/summary.csv, or summary-I-of-N.csv)")
    Path summary;

    @Mixin
    PromptOptions prompts = new PromptOptions();

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--refine", paramLabel = "STEPS", description = "refine each case's labels (as the refine command's --steps)")
    String refine;

    @Mixin
    CaseOutputOptions outputs = new CaseOutputOptions();

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        BatchJob job;
        try {
            Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
            if (jobs < 1 || jobs > SegmentOptions.maxThreads())
                throw new IllegalArgumentException("--jobs " + jobs + " is not in 1.." + SegmentOptions.maxThreads());
            CasePrompts defaults = new CasePrompts(prompts.clicks(), prompts.boxList(), prompts.mask(), prompts.className());
            job = new BatchJob(input, output, format, resume, jobs, part, summary, defaults, run.segmentOptions(), run.strategy(),
                    refine == null ? Refinement.NONE : RefineCommand.parse(refine), outputs.caseOutputs());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ModelSpec spec = Models.standard(modelsDir).find(model);
        CancelFlag cancel = new CancelFlag();
        BatchJob.Outcome done;
        java.util.concurrent.CountDownLatch over = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                // let the cases in flight stop between tiles and the summary be written
                over.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "condseg-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            done = job.run(spec, cmd.commandLine().getErr()::println, new BatchProgress(cmd.commandLine().getErr(), System.console() != null),
                    cancel);
        } finally {
            over.countDown();
            removeHook(hook);
        }
        BatchReport report = done.report();
        cmd.commandLine().getOut().printf("%s: %d case(s): %d done, %d skipped (done before), %d failed%s; summary %s%n",
                output, done.cases().size(), report.count(CaseResult.Status.DONE), report.count(CaseResult.Status.SKIPPED),
                report.count(CaseResult.Status.FAILED),
                job.shard().count() > 1 ? " (shard " + job.shard() + " of " + done.all().size() + " cases)" : "", done.summaryFile());
        return report.exitCode();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook has run and cancelled the batch
        }
    }

}
