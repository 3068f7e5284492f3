package org.condseg.commands;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.condseg.batch.BatchCase;
import org.condseg.batch.BatchReport;
import org.condseg.batch.BatchRun;
import org.condseg.batch.CasePrompts;
import org.condseg.batch.CaseResult;
import org.condseg.batch.CaseRunner;
import org.condseg.batch.Manifest;
import org.condseg.batch.MemoryBudget;
import org.condseg.batch.StaleFiles;
import org.condseg.batch.SummaryCsv;
import org.condseg.io.Models;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.condseg.segment.JobRunner;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Batch Segment Folder as a SciJava command: the command line's {@code batch} over {@code input} (a
 * folder of images or a CSV manifest) into {@code output} with {@code summary.csv}; {@code done},
 * {@code skipped} and {@code failed} count the cases.
 *
 * <pre>{@code
 * cs.run("org.condseg.commands.BatchSegmentFolderCommand", false, "model", "identity-2d",
 *         "input", new File("in"), "output", new File("out"), "resume", true)
 * }</pre>
 */
@Plugin(type = Command.class, label = "Batch Segment Folder (CondSeg)", headless = true)
public class BatchSegmentFolderCommand extends ContextCommand {

    @Parameter(persist = false)
    String model;

    @Parameter(persist = false, description = "a folder of images or a CSV manifest")
    File input;

    @Parameter(persist = false, style = "directory")
    File output;

    @Parameter(persist = false)
    boolean resume;

    @Parameter(persist = false, required = false, min = "0", description = "models without a condition: coarse pass shrunk by this factor, then full resolution around what it found (0: off)")
    int cascade;

    @Parameter(type = ItemIO.OUTPUT)
    int done;

    @Parameter(type = ItemIO.OUTPUT)
    int skipped;

    @Parameter(type = ItemIO.OUTPUT)
    int failed;

    @Parameter(required = false)
    StatusService status;

    @Parameter(required = false)
    LogService log;

    @Override
    public void run() {
        try {
            if (input == null || output == null)
                throw new UsageException("give input (a folder or CSV) and output (a folder)");
            SegmentOptions options = SegmentOptions.defaults();
            List<BatchCase> cases = Manifest.cases(input.toPath(), output.toPath(), null, CasePrompts.NONE);
            ModelSpec spec = Models.standard(null).find(Inputs.required(model, "model"));
            StaleFiles.clean(cases);
            var progress = StatusProgress.of(status);
            try (Network net = Models.open(spec, options, m -> Inputs.info(log, m))) {
                CaseRunner runner = new CaseRunner(new JobRunner(spec, net), options, resume, MemoryBudget.ofHeap())
                        .cascading(cascade);
                BatchReport report = BatchRun.run(cases, runner::run, 1, (r, n, total) -> progress.update("cases", n, total),
                        this::isCanceled);
                SummaryCsv.write(output.toPath().resolve("summary.csv"), cases, report);
                done = (int) report.count(CaseResult.Status.DONE);
                skipped = (int) report.count(CaseResult.Status.SKIPPED);
                failed = (int) report.count(CaseResult.Status.FAILED);
            }
        } catch (CondSegException e) {
            cancel(e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IOException | IllegalArgumentException e) {
            cancel(e.getMessage());
        }
        if (isCanceled())
            Inputs.error(log, getCancelReason());
    }
}
