package org.condseg.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.condseg.batch.BatchCase;
import org.condseg.batch.BatchReport;
import org.condseg.batch.BatchRun;
import org.condseg.batch.CaseResult;
import org.condseg.batch.CasePrompts;
import org.condseg.batch.CaseRunner;
import org.condseg.batch.Manifest;
import org.condseg.batch.MemoryBudget;
import org.condseg.batch.StaleFiles;
import org.condseg.batch.SummaryCsv;
import org.condseg.ij.StatusBarProgress;
import org.condseg.io.Models;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.runtime.Network;
import org.condseg.segment.JobRunner;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › Conditional Segmentation › Batch Segment Folder...}: the command line's {@code batch}
 * ({@code org.condseg.batch}) over a folder of images or a CSV manifest (with per-case prompts), labels
 * and {@code summary.csv} written to the output folder; {@code resume} skips finished cases.
 *
 * <pre>{@code
 * run("Batch Segment Folder...", "model=interactive-2d input=/data/cases.csv output=/data/labels resume");
 * run("Batch Segment Folder...", "model=ct-organs input=/data/ct output=/data/labels cascade=2"); // coarse, then fine
 * }</pre>
 */
public class BatchSegmentFolder implements PlugIn {

    static final String TITLE = "Batch Segment Folder";

    @Override
    public void run(String arg) {
        MissingClass.guard("Batch Segment Folder", () -> body(arg));
    }

    private void body(String arg) {
        Models models = Models.standard(null);
        String[] ids = models.ids().toArray(String[]::new);
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.choice("model", ids, models.defaultId());
        d.string("input", "");
        d.string("output", "");
        d.flag("resume", false);
        d.number("cascade", 0);
        d.message("input: a folder of images, or a CSV manifest (input, boxes, points, ... columns)");
        if (!d.show())
            return;
        String model = d.nextString(), input = d.nextString(), output = d.nextString();
        boolean resume = d.nextFlag();
        int cascade = (int) d.nextNumber();
        StatusBarProgress progress = new StatusBarProgress("CondSeg batch");
        try {
            if (input.isBlank() || output.isBlank())
                throw new IllegalArgumentException("give an input folder or CSV and an output folder");
            SegmentOptions options = SegmentOptions.defaults();
            List<BatchCase> cases = Manifest.cases(Path.of(input), Path.of(output), null, CasePrompts.NONE);
            ModelSpec spec = Models.standard(null).find(model);
            StaleFiles.clean(cases);
            IJ.resetEscape();
            BatchReport report;
            try (Network net = Models.open(spec, options, IJ::log)) {
                CaseRunner runner = new CaseRunner(new JobRunner(spec, net), options, resume, MemoryBudget.ofHeap())
                        .cascading(cascade);
                report = BatchRun.run(cases, runner::run, 1, (r, done, total) -> {
                    if (r.status() == CaseResult.Status.FAILED)
                        IJ.log("CondSeg batch: " + r.id() + ": " + r.error());
                    progress.update("cases", done, total);
                }, IJ::escapePressed);
                SummaryCsv.write(Path.of(output, "summary.csv"), cases, report);
            }
            progress.done(cases.size() + " case(s): " + report.count(CaseResult.Status.DONE) + " done, "
                    + report.count(CaseResult.Status.SKIPPED) + " skipped, " + report.count(CaseResult.Status.FAILED)
                    + " failed; summary in " + Path.of(output, "summary.csv"));
        } catch (CondSegException e) {
            progress.done(null);
            OptionsDialog.error(TITLE, e.oneLine());
        } catch (IOException | IllegalArgumentException e) {
            progress.done(null);
            OptionsDialog.error(TITLE, e.getMessage());
        }
    }
}
