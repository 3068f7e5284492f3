package org.condseg.commands;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.condseg.ij.FolderBatch;
import org.condseg.model.CondSegException;
import org.condseg.model.SegmentOptions;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Batch Segment Folder as a SciJava command: every TIFF of {@code input} through {@code model}, labels
 * and {@code summary.csv} in {@code output}; {@code done} and {@code failed} count the files.
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

    @Parameter(persist = false, style = "directory")
    File input;

    @Parameter(persist = false, style = "directory")
    File output;

    @Parameter(persist = false)
    boolean resume;

    @Parameter(type = ItemIO.OUTPUT)
    int done;

    @Parameter(type = ItemIO.OUTPUT)
    int failed;

    @Parameter(required = false)
    StatusService status;

    @Parameter(required = false)
    LogService log;

    @Override
    public void run() {
        try {
            List<FolderBatch.Row> rows = FolderBatch.run(Inputs.required(model, "model"), Inputs.folder(input, "input").toPath(),
                    Inputs.folder(output, "output").toPath(), resume, SegmentOptions.defaults(), m -> Inputs.info(log, m),
                    StatusProgress.of(status), this::isCanceled);
            done = (int) rows.stream().filter(r -> r.status().equals("done")).count();
            failed = (int) rows.stream().filter(r -> r.status().equals("failed")).count();
        } catch (CondSegException e) {
            cancel(e.oneLine());
        } catch (IOException | IllegalArgumentException e) {
            cancel(e.getMessage());
        } catch (CancellationException e) {
            cancel("cancelled");
        }
        if (isCanceled())
            Inputs.error(log, getCancelReason());
    }
}
