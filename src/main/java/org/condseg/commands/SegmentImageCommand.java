package org.condseg.commands;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImageSegmentation;
import org.condseg.ij.LabelMeasurements;
import org.condseg.ij.RoiPrompts;
import org.condseg.ij.SliceRange;
import org.condseg.io.Models;
import org.condseg.refine.Refinement;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;
import org.condseg.model.MaskChoice;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;

/**
 * Segment Image as a SciJava command, for scripts and {@code --headless --run}: the image is given
 * ({@code image}) or read from a file ({@code input}), or for a multi-modal model given as its channels
 * ({@code channels}: open image titles or files, comma-separated); the labels are returned ({@code labels}, with
 * {@code probabilitiesImage}, {@code uncertaintyImage} and the {@code objects} table) and written to
 * {@code output} where given. Failures cancel the command with a one-line reason.
 *
 * <pre>{@code
 * #@ CommandService cs
 * m = cs.run("org.condseg.commands.SegmentImageCommand", false, "image", imp, "model", "interactive-2d",
 *         "prompt", "roi", "propagate", true).get()
 * labels = m.getOutput("labels")
 * }</pre>
 */
@Plugin(type = Command.class, label = "Segment Image (CondSeg)", headless = true)
public class SegmentImageCommand extends ContextCommand {

    @Parameter(required = false, persist = false, description = "the image (or give input)")
    ImagePlus image;

    @Parameter(required = false, persist = false, description = "a file to read instead of image")
    File input;

    @Parameter(persist = false, description = "model id or package folder")
    String model;

    @Parameter(persist = false, choices = {"none", "roi", "roi-manager", "label-image"})
    String prompt = "none";

    @Parameter(required = false, persist = false, label = "prompt image", description = "prior label image (prompt=label-image)")
    ImagePlus promptImage;

    @Parameter(required = false, persist = false, label = "class")
    String className;

    @Parameter(persist = false, min = "1")
    int channel = 1;

    @Parameter(required = false, persist = false, description = "a multi-modal model's input channels, in its order: "
            + "titles of open images or files, separated by commas (instead of image)")
    String channels;

    @Parameter(persist = false)
    boolean propagate;

    @Parameter(persist = false, min = "1")
    int samples = 1;

    @Parameter(persist = false)
    long seed;

    @Parameter(persist = false)
    boolean probabilities;

    @Parameter(persist = false)
    boolean uncertainty;

    @Parameter(persist = false, choices = {"cpu", "gpu", "auto"})
    String device = "cpu";

    @Parameter(persist = false, description = "test-time augmentation: average over flipped inputs")
    boolean tta;

    @Parameter(persist = false, choices = {"best", "small", "medium", "large"},
            description = "which candidate mask of an ambiguous click (models with several): the best-scored, or the smallest, middle or largest")
    String maskChoice = "best";

    @Parameter(persist = false, min = "0", description = "engine threads (0: the engine's choice)")
    int threads;

    @Parameter(persist = false, description = "tile overlap fraction in [0, 1) (negative: the model's own)")
    double overlap = -1;

    @Parameter(persist = false, min = "0", description = "a model without a condition: the cascade's shrink factor (0: no cascade, else 2 or more)")
    int cascade;

    @Parameter(required = false, persist = false, description = "refine the labels: steps such as fill-holes,largest,open:1.5mm")
    String refine;

    @Parameter(persist = false, label = "sample masks", description = "a generative model's N sampled masks (T-samples)")
    boolean sampleMasks;

    @Parameter(persist = false, min = "0", description = "first slice the object spans (1-based; 0 with last 0: not given): "
            + "a 3D model's box reaches from it, 2D propagation stays within first..last")
    int first;

    @Parameter(persist = false, min = "0", description = "last slice the object spans (1-based)")
    int last;

    @Parameter(required = false, persist = false, description = "write the labels here (.tif)")
    File output;

    @Parameter(type = ItemIO.OUTPUT)
    ImagePlus labels;

    @Parameter(type = ItemIO.OUTPUT, label = "probabilities")
    ImagePlus probabilitiesImage;

    @Parameter(type = ItemIO.OUTPUT, label = "uncertainty")
    ImagePlus uncertaintyImage;

    @Parameter(type = ItemIO.OUTPUT, label = "samples")
    ImagePlus samplesImage;

    @Parameter(type = ItemIO.OUTPUT)
    ResultsTable objects;

    @Parameter(required = false)
    StatusService status;

    @Parameter(required = false)
    LogService log;

    @Override
    public void run() {
        try {
            List<ImagePlus> images = Inputs.images(channels);
            ImagePlus imp = images.isEmpty() ? Inputs.image(image, input, "image") : images.get(0);
            List<RoiPrompts.Prompted> prompts = switch (prompt) {
                case "none" -> List.of();
                case "roi" -> List.of(RoiPrompts.fromRoi(imp.getRoi(), imp));
                case "roi-manager" -> RoiPrompts.fromRois(RoiManager.getInstance() == null ? null : RoiManager.getInstance().getRoisAsArray(), imp);
                case "label-image" -> RoiPrompts.fromLabelImage(Inputs.image(promptImage, null, "promptImage"), imp);
                default -> throw new UsageException("prompt=" + prompt + " is not one of none, roi, roi-manager, label-image");
            };
            SegmentOptions options = new SegmentOptions(threads, device, overlap, samples, seed, tta)
                    .withMaskChoice(MaskChoice.parse(maskChoice));
            Refinement refinement = refine == null || refine.isBlank() ? Refinement.NONE : Refinement.parse(refine);
            SliceRange.Bounded bounded = SliceRange.of(Models.standard(null).find(Inputs.required(model, "model")), propagate, prompts,
                    first, last, imp.getNSlices());
            var request = new ImageSegmentation.Request(imp, Inputs.required(model, "model"), images.isEmpty() ? channel : 1, bounded.objects(),
                    className, propagate, options, probabilities, uncertainty, images.isEmpty() ? List.of() : images.subList(1, images.size()),
                    cascade, refinement, sampleMasks, bounded.ends());
            ImageSegmentation.Outputs out = ImageSegmentation.run(request, m -> Inputs.info(log, m), StatusProgress.of(status),
                    this::isCanceled);
            if (output != null)
                ImageFiles.write(out.labels(), output.toPath());
            labels = out.labels();
            probabilitiesImage = out.probabilities();
            uncertaintyImage = out.uncertainty();
            samplesImage = out.samples();
            objects = LabelMeasurements.table(out.labels());
        } catch (CondSegException e) {
            cancel(e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IOException | IllegalArgumentException e) {
            cancel(e.getMessage());
        } catch (CancellationException e) {
            cancel("cancelled");
        }
        if (isCanceled())
            Inputs.error(log, getCancelReason());
    }
}
