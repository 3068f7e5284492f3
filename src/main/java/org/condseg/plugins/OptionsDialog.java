package org.condseg.plugins;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;

/**
 * A {@link GenericDialog} whose field labels start with the macro keys, so that the Macro Recorder
 * records them and a macro's {@code run("…", "key=value flag")} fills them without showing anything.
 * Where there is no display, or where the plugin was started with options as its argument
 * ({@code IJ.runPlugIn("org.condseg.plugins.SegmentImage", "model=… prompt=none")}), no dialog is made
 * at all: the values come from that option string through ImageJ's own {@link Macro#getValue}.
 *
 * <pre>{@code
 * OptionsDialog d = new OptionsDialog("Segment Image", arg);
 * d.choice("model", ids, ids[0]);
 * d.flag("propagate", false);
 * if (!d.show()) return;
 * String model = d.nextString();
 * boolean propagate = d.nextFlag();
 * }</pre>
 */
final class OptionsDialog {

    private final GenericDialog gd;
    private final String options;
    private final boolean macro;
    private final List<String[]> fields = new ArrayList<>(); // {key, default, kind}
    private int next;
    private final String title;

    /** Keys whose value depends on the image or the selection at hand: never remembered. */
    private static final java.util.Set<String> PER_IMAGE = java.util.Set.of("prompt", "prompt_image", "channel", "channels",
            "labels", "image", "prediction", "truth", "slice", "frame", "points", "negative", "box", "scribble", "label",
            "first", "last", "path");

    OptionsDialog(String title, String arg) {
        this.title = title;
        String fromMacro = Macro.getOptions();
        boolean direct = fromMacro == null && arg != null && !arg.isBlank();
        if (GraphicsEnvironment.isHeadless() || direct) {
            gd = null;
            options = (fromMacro != null ? fromMacro : arg == null ? "" : arg).trim() + " ";
        } else {
            gd = new GenericDialog(title);
            options = null;
        }
        macro = fromMacro != null || direct;
    }

    /** A choice in the dialog; in a macro a free string (ids, paths and titles need not be listed). */
    void choice(String key, String[] items, String def) {
        def = remembered(key, def);
        if (gd != null && !macro && items.length > 0 && !java.util.Arrays.asList(items).contains(def))
            def = items[0];
        boolean free = macro || items.length == 0;
        fields.add(new String[] {key, def, free ? "string" : "choice"});
        if (gd == null)
            return;
        if (free)
            gd.addStringField(key, def, 24);
        else
            gd.addChoice(key, items, def);
    }

    void string(String key, String def) {
        def = remembered(key, def);
        fields.add(new String[] {key, def, "string"});
        if (gd != null)
            gd.addStringField(key, def, 24);
    }

    /** A path, with a Browse button in the dialog. */
    void file(String key, String def) {
        def = remembered(key, def);
        fields.add(new String[] {key, def, "string"});
        if (gd != null)
            gd.addFileField(key, def, 32);
    }

    void number(String key, double def) {
        def = Double.parseDouble(remembered(key, Double.toString(def)));
        fields.add(new String[] {key, Double.toString(def)});
        if (gd != null)
            gd.addNumericField(key, def, 0);
    }

    void flag(String key, boolean def) {
        def = Boolean.parseBoolean(remembered(key, Boolean.toString(def)));
        fields.add(new String[] {key, Boolean.toString(def)});
        if (gd != null)
            gd.addCheckbox(key, def);
    }

    void message(String text) {
        if (gd != null)
            gd.addMessage(text);
    }

    void help(String text) {
        if (gd != null)
            gd.addHelp(text);
    }

    /** Shows the dialog (or reads the options); false where the user cancelled. */
    boolean show() {
        if (gd == null)
            return true;
        gd.showDialog();
        return !gd.wasCanceled();
    }

    String nextString() {
        String[] f = fields.get(next++);
        if (gd == null)
            return Macro.getValue(options, f[0], f[1]);
        return remember(f[0], (f[2].equals("choice") ? gd.getNextChoice() : gd.getNextString()).trim());
    }

    double nextNumber() {
        String[] f = fields.get(next++);
        if (gd != null) {
            double v = gd.getNextNumber();
            remember(f[0], Double.toString(v));
            return v;
        }
        String v = Macro.getValue(options, f[0], f[1]);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(f[0] + "=" + v + " is not a number");
        }
    }

    boolean nextFlag() {
        String[] f = fields.get(next++);
        if (gd != null)
            return Boolean.parseBoolean(remember(f[0], Boolean.toString(gd.getNextBoolean())));
        // a flag is a bare word in ImageJ's option strings
        return (" " + options.toLowerCase(Locale.ROOT)).contains(" " + f[0] + " ");
    }

    /** The value last given to {@code key} in this dialog (ImageJ's preferences), where a dialog is shown; else {@code def}. */
    private String remembered(String key, String def) {
        if (gd == null || macro || PER_IMAGE.contains(key))
            return def;
        return Prefs.get(prefKey(key), def);
    }

    private String remember(String key, String value) {
        if (!PER_IMAGE.contains(key))
            Prefs.set(prefKey(key), value);
        return value;
    }

    private String prefKey(String key) {
        return "condseg." + title.toLowerCase(Locale.ROOT).replace(' ', '_') + "." + key;
    }

    /**
     * Reports a failure: to the log where there is no display or in batch mode, else in an error dialog;
     * a running macro is then aborted (its next steps would act on results that do not exist).
     */
    static void error(String title, String message) {
        if (GraphicsEnvironment.isHeadless() || ij.macro.Interpreter.isBatchMode())
            IJ.log(title + ": error: " + message);
        else
            IJ.error(title, message);
        if (ij.macro.Interpreter.getInstance() != null)
            ij.macro.Interpreter.abort();
    }
}
