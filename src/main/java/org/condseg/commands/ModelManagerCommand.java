package org.condseg.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.condseg.io.ModelCheck;
import org.condseg.io.ModelSummary;
import org.condseg.io.Models;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelSpec;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Model Manager as a SciJava command: {@code action} list, info or validate (of {@code model}); the
 * answer is the text {@code report}.
 *
 * <pre>{@code
 * m = cs.run("org.condseg.commands.ModelManagerCommand", false, "action", "validate", "model", "interactive-2d").get()
 * }</pre>
 */
@Plugin(type = Command.class, label = "Model Manager (CondSeg)", headless = true)
public class ModelManagerCommand extends ContextCommand {

    @Parameter(persist = false, choices = {"list", "info", "validate"})
    String action = "list";

    @Parameter(required = false, persist = false)
    String model;

    @Parameter(type = ItemIO.OUTPUT)
    String report;

    @Override
    public void run() {
        Models models = Models.standard(null);
        List<String> lines = new ArrayList<>();
        try {
            switch (action) {
                case "list" -> {
                    for (String id : models.ids())
                        lines.add(String.format(Locale.ROOT, "%-20s %-12s %s", id,
                                models.find(id).conditioning().task().name().toLowerCase(Locale.ROOT), models.find(id).name()));
                    if (lines.isEmpty())
                        lines.add("no models in " + models.roots());
                }
                case "info" -> {
                    var spec = spec(models);
                    lines.addAll(ModelSummary.of(spec));
                    lines.addAll(ModelCheck.describe(spec));
                }
                case "validate" -> lines.addAll(ModelCheck.validate(spec(models), lines::add));
                default -> throw new IllegalArgumentException("action=" + action + " is not list, info or validate");
            }
            report = String.join("\n", lines);
        } catch (CondSegException e) {
            cancel(e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IllegalArgumentException e) {
            cancel(e.getMessage());
        }
    }

    private ModelSpec spec(Models models) throws CondSegException {
        return models.find(Inputs.required(model, "model"));
    }
}
