package org.condseg.plugins;

import java.io.IOException;
import java.nio.file.Path;

import org.condseg.batch.BatchJob;
import org.condseg.batch.BatchReport;
import org.condseg.batch.CaseResult;
import org.condseg.batch.BatchParameters;
import org.condseg.ij.StatusBarProgress;
import org.condseg.io.Models;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelSpec;
import org.condseg.model.OptionKey;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › Conditional Segmentation › Batch Segment Folder...}: the command line's {@code batch}
 * ({@code org.condseg.batch}) over a folder of images or a CSV manifest (with per-case prompts), labels
 * and {@code summary.csv} written to the output folder; {@code resume} skips finished cases. Its keys are
 * the batch command's options ({@link BatchParameters}); the run is the same {@link BatchJob}.
 *
 * <pre>{@code
 * run("Batch Segment Folder...", "model=interactive-2d input=/data/cases.csv output=/data/labels resume");
 * run("Batch Segment Folder...", "model=ct-organs input=/data/ct output=/data/labels cascade=2"); // coarse, then fine
 * run("Batch Segment Folder...", "model=interactive-2d input=/data/cases.csv output=/data/labels propagate probabilities format=nii.gz");
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
        d.string("format", "");
        d.flag("resume", false);
        d.number("jobs", 1);
        d.string("summary", "");
        d.string("class", "");
        d.flag("propagate", false);
        d.number("first", 0);
        d.number("last", 0);
        d.number("samples", 1);
        d.number("seed", 0);
        d.flag("probabilities", false);
        d.flag("uncertainty", false);
        d.flag("sample_masks", false);
        d.flag("tta", false);
        d.choice("mask_choice", SegmentImage.MASK_CHOICES, "best");
        d.choice("device", new String[] {"cpu", "gpu", "auto"}, "cpu");
        d.number("threads", 0);
        d.number("overlap", -1);
        d.number("cascade", 0);
        d.string("refine", "");
        d.message("input: a folder of images, or a CSV manifest (input, boxes, points, ... columns); format: the input's if empty");
        if (!d.show())
            return;
        String model = d.nextString(), input = d.nextString(), output = d.nextString(), format = d.nextString();
        boolean resume = d.nextFlag();
        int jobs = (int) d.nextNumber();
        String summary = d.nextString(), className = d.nextString();
        boolean propagate = d.nextFlag();
        int first = (int) d.nextNumber(), last = (int) d.nextNumber(), samples = (int) d.nextNumber();
        long seed = (long) d.nextNumber();
        boolean probabilities = d.nextFlag(), uncertainty = d.nextFlag(), sampleMasks = d.nextFlag(), tta = d.nextFlag();
        String maskChoice = d.nextString(), device = d.nextString();
        int threads = (int) d.nextNumber();
        double overlap = d.nextNumber();
        int cascade = (int) d.nextNumber();
        String refine = d.nextString();
        StatusBarProgress progress = new StatusBarProgress("CondSeg batch");
        try {
            BatchJob job = new BatchParameters(Path.of(input), Path.of(output), format, resume, jobs,
                    summary.isBlank() ? null : Path.of(summary), className, propagate, first, last, samples, seed, probabilities,
                    uncertainty, sampleMasks, tta, maskChoice, device, threads, overlap, cascade, refine).job();
            ModelSpec spec = models.find(model);
            IJ.resetEscape();
            BatchJob.Outcome o = job.run(spec, IJ::log, (r, done, total) -> {
                if (r.status() == CaseResult.Status.FAILED)
                    IJ.log("CondSeg batch: " + r.id() + ": " + r.error());
                progress.update("cases", done, total);
            }, IJ::escapePressed);
            BatchReport report = o.report();
            progress.done(o.cases().size() + " case(s): " + report.count(CaseResult.Status.DONE) + " done, "
                    + report.count(CaseResult.Status.SKIPPED) + " skipped, " + report.count(CaseResult.Status.FAILED)
                    + " failed; summary in " + o.summaryFile());
        } catch (CondSegException e) {
            progress.done(null);
            OptionsDialog.error(TITLE, e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IOException | IllegalArgumentException e) {
            progress.done(null);
            OptionsDialog.error(TITLE, e.getMessage());
        }
    }
}
