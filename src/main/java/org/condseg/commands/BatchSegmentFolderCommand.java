package org.condseg.commands;

import java.io.File;
import java.io.IOException;

import org.condseg.batch.BatchJob;
import org.condseg.batch.BatchParameters;
import org.condseg.batch.BatchReport;
import org.condseg.batch.CaseResult;
import org.condseg.io.Models;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelSpec;
import org.condseg.model.UsageException;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Batch Segment Folder as a SciJava command: the command line's {@code batch} over {@code input} (a
 * folder of images or a CSV manifest) into {@code output} with {@code summary.csv}, with the batch's
 * options as parameters ({@link BatchParameters}, one {@link BatchJob}); {@code done}, {@code skipped}
 * and {@code failed} count the cases.
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

    @Parameter(persist = false, required = false, description = "output format: tif, png, nii, nii.gz, mha or nrrd (empty: the input's)")
    String format = "";

    @Parameter(persist = false, min = "1", description = "cases in flight at once (one model shared)")
    int jobs = 1;

    @Parameter(persist = false, required = false, description = "the summary CSV (default: output/summary.csv)")
    File summary;

    @Parameter(persist = false, required = false, label = "class", description = "a class-conditional model's class for cases without one")
    String className = "";

    @Parameter(persist = false, description = "carry each case's 2D prompt through its stack")
    boolean propagate;

    @Parameter(persist = false, min = "0", description = "with propagate: first slice the objects span (1-based; 0 with last 0: not given)")
    int first;

    @Parameter(persist = false, min = "0", description = "with propagate: last slice the objects span (1-based)")
    int last;

    @Parameter(persist = false, min = "1")
    int samples = 1;

    @Parameter(persist = false)
    long seed;

    @Parameter(persist = false)
    boolean probabilities;

    @Parameter(persist = false)
    boolean uncertainty;

    @Parameter(persist = false, label = "sample masks", description = "a generative model's N sampled masks beside each case's labels")
    boolean sampleMasks;

    @Parameter(persist = false, description = "test-time augmentation: average over flipped inputs")
    boolean tta;

    @Parameter(persist = false, choices = {"best", "small", "medium", "large"},
            description = "which candidate mask of an ambiguous click (models with several): the best-scored, or the smallest, middle or largest")
    String maskChoice = "best";

    @Parameter(persist = false, choices = {"cpu", "gpu", "auto"})
    String device = "cpu";

    @Parameter(persist = false, min = "0", description = "engine threads (0: the engine's choice)")
    int threads;

    @Parameter(persist = false, description = "tile overlap fraction in [0, 1) (negative: the model's own)")
    double overlap = -1;

    @Parameter(persist = false, required = false, min = "0", description = "models without a condition: coarse pass shrunk by this factor, then full resolution around what it found (0: off)")
    int cascade;

    @Parameter(required = false, persist = false, description = "refine each case's labels: steps such as fill-holes,largest,open:1.5mm")
    String refine = "";

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
            BatchJob job = new BatchParameters(input.toPath(), output.toPath(), format, resume, jobs, summary == null ? null : summary.toPath(),
                    className, propagate, first, last, samples, seed, probabilities, uncertainty, sampleMasks, tta, maskChoice, device, threads,
                    overlap, cascade, refine).job();
            ModelSpec spec = Models.standard(null).find(Inputs.required(model, "model"));
            var progress = StatusProgress.of(status);
            BatchReport report = job.run(spec, m -> Inputs.info(log, m), (r, n, total) -> progress.update("cases", n, total),
                    this::isCanceled).report();
            done = (int) report.count(CaseResult.Status.DONE);
            skipped = (int) report.count(CaseResult.Status.SKIPPED);
            failed = (int) report.count(CaseResult.Status.FAILED);
        } catch (CondSegException e) {
            cancel(e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IOException | IllegalArgumentException e) {
            cancel(e.getMessage());
        }
        if (isCanceled())
            Inputs.error(log, getCancelReason());
    }
}
