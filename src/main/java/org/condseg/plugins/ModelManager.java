package org.condseg.plugins;

import java.util.List;
import java.util.Locale;

import org.condseg.model.OptionKey;
import org.condseg.io.ModelCheck;
import org.condseg.io.ModelSummary;
import org.condseg.io.Models;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelSpec;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › Conditional Segmentation › Model Manager...}: lists the installed models (and where
 * they are looked for), describes one, or validates one against its test tensors; the answer goes to
 * the Log window.
 *
 * <pre>{@code
 * run("Model Manager...", "action=validate model=interactive-2d");
 * }</pre>
 */
public class ModelManager implements PlugIn {

    static final String TITLE = "Model Manager";

    @Override
    public void run(String arg) {
        MissingClass.guard("Model Manager", () -> body(arg));
    }

    private void body(String arg) {
        Models models = Models.standard(null);
        String[] ids = models.ids().toArray(String[]::new);
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.choice("action", new String[] {"list", "info", "validate"}, "list");
        d.choice("model", ids, models.defaultId());
        d.message("Models are looked up in " + models.roots());
        if (!d.show())
            return;
        String action = d.nextString(), model = d.nextString();
        try {
            switch (action) {
                case "list" -> list(models);
                case "info" -> {
                    var spec = models.find(model);
                    ModelSummary.of(spec).forEach(IJ::log);
                    ModelCheck.describe(spec).forEach(IJ::log);
                }
                case "validate" -> ModelCheck.validate(models.find(model), IJ::log).forEach(IJ::log);
                default -> throw new IllegalArgumentException("action=" + action + " is not list, info or validate");
            }
        } catch (CondSegException e) {
            OptionsDialog.error(TITLE, e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IllegalArgumentException e) {
            OptionsDialog.error(TITLE, e.getMessage());
        }
    }

    private static void list(Models models) throws CondSegException {
        List<String> ids = models.ids();
        if (ids.isEmpty())
            IJ.log("CondSeg: no models in " + models.roots());
        for (String id : ids) {
            ModelSpec s = models.find(id);
            IJ.log(String.format(Locale.ROOT, "%-20s %-12s %s", id, s.conditioning().task().name().toLowerCase(Locale.ROOT), s.name()));
        }
    }
}
