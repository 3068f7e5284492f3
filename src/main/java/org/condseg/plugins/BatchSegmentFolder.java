package org.condseg.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.condseg.ij.FolderBatch;
import org.condseg.ij.StatusBarProgress;
import org.condseg.io.Models;
import org.condseg.model.CondSegException;
import org.condseg.model.SegmentOptions;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › Conditional Segmentation › Batch Segment Folder...}: every TIFF of a folder through
 * one model, labels and {@code summary.csv} written to another folder (prompts from {@code NAME.roi} or
 * {@code NAME.zip} beside each image).
 *
 * <pre>{@code
 * run("Batch Segment Folder...", "model=identity-2d input=/data/in output=/data/out resume");
 * }</pre>
 */
public class BatchSegmentFolder implements PlugIn {

    static final String TITLE = "Batch Segment Folder";

    @Override
    public void run(String arg) {
        String[] ids = Models.standard(null).ids().toArray(String[]::new);
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.choice("model", ids, ids.length > 0 ? ids[0] : "");
        d.string("input", "");
        d.string("output", "");
        d.flag("resume", false);
        d.message("Each NAME.tif gives NAME-labels.tif; NAME.roi or NAME.zip beside it holds its prompts.");
        if (!d.show())
            return;
        String model = d.nextString(), input = d.nextString(), output = d.nextString();
        boolean resume = d.nextFlag();
        StatusBarProgress progress = new StatusBarProgress("CondSeg batch");
        try {
            if (input.isBlank() || output.isBlank())
                throw new IllegalArgumentException("give an input and an output folder");
            IJ.resetEscape();
            List<FolderBatch.Row> rows = FolderBatch.run(model, Path.of(input), Path.of(output), resume, SegmentOptions.defaults(),
                    IJ::log, progress, IJ::escapePressed);
            long failed = rows.stream().filter(r -> r.status().equals("failed")).count();
            for (FolderBatch.Row r : rows)
                if (r.status().equals("failed"))
                    IJ.log("CondSeg batch: " + r.file() + ": " + r.message());
            progress.done(rows.size() + " file(s), " + failed + " failed; summary in " + Path.of(output).resolve("summary.csv"));
        } catch (CondSegException e) {
            progress.done(null);
            OptionsDialog.error(TITLE, e.oneLine());
        } catch (IOException | IllegalArgumentException e) {
            progress.done(null);
            OptionsDialog.error(TITLE, e.getMessage());
        } catch (CancellationException e) {
            progress.done("cancelled; finished files are kept, summary.csv lists them");
            IJ.resetEscape();
        }
    }
}
