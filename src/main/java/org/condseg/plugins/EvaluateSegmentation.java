package org.condseg.plugins;

import org.condseg.model.OptionKey;
import org.condseg.ij.Evaluation;
import org.condseg.model.UsageException;

import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › Conditional Segmentation › Evaluate Segmentation...}: one open label image against
 * another, per label, as the command line's {@code evaluate} measures it (Dice, IoU, HD95 and ASSD in
 * calibrated units, volumes in mL where the unit is mm), in the results table {@code CondSeg Evaluation}.
 *
 * <pre>{@code
 * run("Evaluate Segmentation...", "prediction=scan-labels truth=scan-truth");
 * }</pre>
 */
public class EvaluateSegmentation implements PlugIn {

    static final String TITLE = "Evaluate Segmentation";

    @Override
    public void run(String arg) {
        MissingClass.guard("Evaluate Segmentation", () -> body(arg));
    }

    private void body(String arg) {
        String[] titles = WindowManager.getImageTitles();
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.choice("prediction", titles, titles.length > 0 ? titles[0] : "");
        d.choice("truth", titles, titles.length > 1 ? titles[1] : titles.length > 0 ? titles[0] : "");
        if (!d.show())
            return;
        String prediction = d.nextString(), truth = d.nextString();
        try {
            Evaluation.table(image("prediction", prediction), image("truth", truth)).show("CondSeg Evaluation");
        } catch (UsageException e) {
            OptionsDialog.error(TITLE, e.oneLine(OptionKey.Syntax.MACRO));
        }
    }

    private static ImagePlus image(String key, String title) throws UsageException {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null)
            throw new UsageException(key + "=" + title + ": no open image has that title");
        return imp;
    }
}
