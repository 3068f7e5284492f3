package org.condseg.commands;

import org.condseg.ij.Evaluation;
import org.condseg.model.CondSegException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;

/**
 * Evaluate Segmentation as a SciJava command: Dice and IoU per label ({@code scores}) of
 * {@code prediction} against {@code truth}, and their mean Dice.
 *
 * <pre>{@code
 * m = cs.run("org.condseg.commands.EvaluateSegmentationCommand", false, "prediction", labels, "truth", truth).get()
 * }</pre>
 */
@Plugin(type = Command.class, label = "Evaluate Segmentation (CondSeg)", headless = true)
public class EvaluateSegmentationCommand extends ContextCommand {

    @Parameter(persist = false)
    ImagePlus prediction;

    @Parameter(persist = false)
    ImagePlus truth;

    @Parameter(type = ItemIO.OUTPUT)
    ResultsTable scores;

    @Parameter(type = ItemIO.OUTPUT, label = "mean Dice")
    double meanDice;

    @Override
    public void run() {
        try {
            ImagePlus p = Inputs.image(prediction, null, "prediction"), t = Inputs.image(truth, null, "truth");
            scores = Evaluation.table(p, t);
            meanDice = Evaluation.scores(p, t).stream().mapToDouble(s -> s.dice()).average().orElse(Double.NaN);
        } catch (CondSegException e) {
            cancel(e.oneLine());
        }
    }
}
