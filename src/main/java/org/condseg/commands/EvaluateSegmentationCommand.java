package org.condseg.commands;

import org.condseg.ij.Evaluation;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;

/**
 * Evaluate Segmentation as a SciJava command: per label ({@code scores}) of {@code prediction} against
 * {@code truth}, what the command line's {@code evaluate} reports (Dice, IoU, HD95 and ASSD in
 * calibrated units, volumes in mL where the unit is mm), and the mean Dice.
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
            meanDice = scores.size() == 0 ? Double.NaN : java.util.Arrays.stream(scores.getColumn("Dice")).average().orElse(Double.NaN);
        } catch (CondSegException e) {
            cancel(e.oneLine(OptionKey.Syntax.MACRO));
        }
    }
}
