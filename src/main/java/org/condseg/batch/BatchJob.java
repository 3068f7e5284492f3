package org.condseg.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.condseg.io.Models;
import org.condseg.io.OutputPaths;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.refine.Refinement;
import org.condseg.runtime.Network;
import org.condseg.segment.JobRunner;
import org.condseg.segment.Strategy;

/**
 * One batch, as every batch front end gives it (the command line's {@code batch}, ImageJ's Batch Segment
 * Folder... and its SciJava command): the cases of a folder or CSV manifest (this shard's), their default
 * prompts, the options, strategy, refinement and extra outputs of each case, and where the summary goes.
 * {@link #run} checks everything that can be checked before any case (no output is an input, the
 * strategy suits the model, the extra outputs exist for it), removes stale temporary files, runs the
 * cases with one network and writes the summary CSV. The front ends map their parameters to a job and
 * report its {@link Outcome}.
 *
 * <pre>{@code
 * BatchJob job = new BatchJob(Path.of("cases.csv"), Path.of("out"), null, true, 1, Shard.ALL, null, CasePrompts.NONE,
 *         SegmentOptions.defaults(), new Strategy.WholeImage(), Refinement.NONE, CaseOutputs.LABELS);
 * BatchJob.Outcome o = job.run(Models.standard(null).find("interactive-2d"), System.err::println, BatchListener.NONE, () -> false);
 * }</pre>
 */
public record BatchJob(Path input, Path output, String format, boolean resume, int jobs, Shard shard, Path summary,
        CasePrompts defaults, SegmentOptions options, Strategy strategy, Refinement refinement, CaseOutputs outputs) {

    /** What a run did: the cases it ran (this shard's) out of all, the report, the summary written. */
    public record Outcome(List<BatchCase> all, List<BatchCase> cases, BatchReport report, Path summaryFile) {
    }

    public BatchJob {
        if (jobs < 1)
            throw new IllegalArgumentException("jobs " + jobs + " is below 1");
    }

    /** The summary file: as given, else {@code OUTPUT/summary.csv}, or {@code summary-I-of-N.csv} for a shard. */
    public Path summaryFile() {
        return summary != null ? summary
                : output.resolve(shard.count() == 1 ? "summary.csv" : "summary-" + shard.index() + "-of-" + shard.count() + ".csv");
    }

    /** Runs the batch with {@code spec}; {@code log} gets the engine's messages, {@code listener} each case's end. */
    public Outcome run(ModelSpec spec, Consumer<String> log, BatchListener listener, BooleanSupplier cancel)
            throws CondSegException, IOException {
        List<BatchCase> all = Manifest.cases(input, output, format, defaults);
        List<BatchCase> cases = all.stream().filter(c -> shard.contains(c.id())).toList();
        Path summaryFile = summaryFile();
        List<Path> inputs = inputsOf(all);
        inputs.add(input);
        OutputPaths.check(outputsOf(cases, summaryFile), inputs);
        JobRunner.check(spec, strategy); // refused before any case, as segment refuses it
        outputs.check(spec);
        StaleFiles.clean(cases);
        BatchReport report;
        try (Network net = Models.open(spec, options, log)) {
            CaseRunner runner = new CaseRunner(new JobRunner(spec, net), options, resume, MemoryBudget.ofHeap(), refinement)
                    .with(strategy).writing(outputs);
            report = BatchRun.run(cases, runner::run, jobs, listener, cancel);
            SummaryCsv.write(summaryFile, cases, report);
        }
        return new Outcome(all, cases, report, summaryFile);
    }

    private static List<Path> inputsOf(List<BatchCase> cases) {
        List<Path> in = new ArrayList<>();
        for (BatchCase c : cases) {
            in.add(c.input());
            in.addAll(c.channels());
            if (c.prompts().mask() != null)
                in.add(c.prompts().mask());
        }
        return in;
    }

    /** Every file the run writes: each case's output, extra outputs and sidecar, and the summary. */
    private Map<String, Path> outputsOf(List<BatchCase> cases, Path summaryFile) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (BatchCase c : cases) {
            out.put("case " + c.id() + "'s output", c.output());
            out.put("case " + c.id() + "'s sidecar", c.sidecar());
            for (Path f : outputs.files(c))
                out.put("case " + c.id() + "'s " + f.getFileName(), f);
        }
        out.put("the summary", summaryFile);
        return out;
    }
}
