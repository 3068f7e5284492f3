package org.condseg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.condseg.io.OutputPaths;
import org.condseg.batch.BatchCase;
import org.condseg.batch.BatchReport;
import org.condseg.batch.BatchRun;
import org.condseg.batch.CasePrompts;
import org.condseg.batch.CaseOutputs;
import org.condseg.batch.CaseResult;
import org.condseg.batch.CaseRunner;
import org.condseg.batch.Manifest;
import org.condseg.batch.MemoryBudget;
import org.condseg.batch.Shard;
import org.condseg.batch.StaleFiles;
import org.condseg.batch.SummaryCsv;
import org.condseg.io.Models;
import org.condseg.model.CancelFlag;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.refine.Refinement;
import org.condseg.runtime.Network;
import org.condseg.segment.JobRunner;
import org.condseg.segment.Strategy;

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
        Shard part;
        SegmentOptions options;
        Strategy strategy;
        Refinement refinement = refine == null ? Refinement.NONE : RefineCommand.parse(refine);
        try {
            part = shard == null ? Shard.ALL : Shard.parse(shard);
            options = run.segmentOptions();
            strategy = run.strategy();
            if (jobs < 1 || jobs > RunOptions.maxThreads())
                throw new IllegalArgumentException("--jobs " + jobs + " is not in 1.." + RunOptions.maxThreads());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CasePrompts defaults = new CasePrompts(prompts.clicks(), prompts.boxList(), prompts.mask(), prompts.className());
        List<BatchCase> all = Manifest.cases(input, output, format, defaults);
        List<BatchCase> cases = all.stream().filter(c -> part.contains(c.id())).toList();
        Path summaryFile = summary != null ? summary
                : output.resolve(part.count() == 1 ? "summary.csv" : "summary-" + part.index() + "-of-" + part.count() + ".csv");
        CaseOutputs extra = outputs.caseOutputs();
        List<Path> inputs = inputsOf(all);
        inputs.add(input);
        OutputPaths.check(outputsOf(cases, extra, summaryFile), inputs);
        ModelSpec spec = Models.standard(modelsDir).find(model);
        JobRunner.check(spec, strategy); // refused before any case, as segment refuses it
        StaleFiles.clean(cases);
        CancelFlag cancel = new CancelFlag();
        BatchReport report;
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
        try (Network net = Models.open(spec, options, cmd.commandLine().getErr()::println)) {
            CaseRunner runner = new CaseRunner(new JobRunner(spec, net), options, resume, MemoryBudget.ofHeap(), refinement)
                    .with(strategy).writing(extra);
            report = BatchRun.run(cases, runner::run, jobs, new BatchProgress(cmd.commandLine().getErr(), System.console() != null),
                    cancel);
            SummaryCsv.write(summaryFile, cases, report);
        } finally {
            over.countDown();
            removeHook(hook);
        }
        cmd.commandLine().getOut().printf("%s: %d case(s): %d done, %d skipped (done before), %d failed%s; summary %s%n",
                output, cases.size(), report.count(CaseResult.Status.DONE), report.count(CaseResult.Status.SKIPPED),
                report.count(CaseResult.Status.FAILED),
                part.count() > 1 ? " (shard " + part + " of " + all.size() + " cases)" : "", summaryFile);
        return report.exitCode();
    }

    private static List<Path> inputsOf(List<BatchCase> cases) {
        List<Path> in = new ArrayList<>();
        for (BatchCase c : cases) {
            in.add(c.input());
            if (c.prompts().mask() != null)
                in.add(c.prompts().mask());
        }
        return in;
    }

    /** Every file the run writes: each case's output and sidecar, and the summary. */
    private static java.util.Map<String, Path> outputsOf(List<BatchCase> cases, CaseOutputs extra, Path summaryFile) {
        java.util.Map<String, Path> out = new java.util.LinkedHashMap<>();
        for (BatchCase c : cases) {
            out.put("case " + c.id() + "'s output", c.output());
            out.put("case " + c.id() + "'s sidecar", c.sidecar());
            for (Path f : extra.files(c))
                out.put("case " + c.id() + "'s " + f.getFileName(), f);
        }
        out.put("--summary", summaryFile);
        return out;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook has run and cancelled the batch
        }
    }

}
