package org.condseg.model;

/**
 * An option a core message refers to, spelled by each front end in its own syntax: a message holds
 * {@link #mark()}, and {@link CondSegException#message(Syntax)} renders it as the command line's flag
 * or ImageJ's macro key. Core messages never spell a front end's syntax themselves.
 *
 * <pre>{@code
 * throw new UsageException("this model needs a class: " + OptionKey.CLASS.mark());
 * e.message(OptionKey.Syntax.MACRO);   // "this model needs a class: class=NAME"
 * e.getMessage();                      // "this model needs a class: --class NAME|INDEX"
 * }</pre>
 */
public enum OptionKey {
    CLASS("--class NAME|INDEX", "class=NAME"),
    MASK("--mask FILE", "prompt=label-image with prompt_image=TITLE"),
    PROMPT("--point, --box or --mask", "a point, rectangle or scribble ROI (prompt=roi), the ROI Manager (prompt=roi-manager) "
            + "or a label image (prompt=label-image)"),
    TTA("--tta", "tta"),
    TILE("--tile X,Y[,Z]", "the model's tile size"),
    SAMPLES("--samples N --seed S", "samples=N seed=S"),
    CASCADE("--cascade", "cascade"),
    PROPAGATE("--propagate", "propagate"),
    INPUT("--input FILE once for each", "channels=[A,B,...] naming one open image each"),
    JOBS("--jobs", "the number of cases at once"),
    FORMAT("--format", "format="),
    ID("--id", "id=");

    /** How a front end spells options. */
    public enum Syntax {
        /** {@code --class NAME|INDEX} */
        COMMAND_LINE,
        /** {@code class=NAME}, as ImageJ macros and dialogs name it */
        MACRO
    }

    private final String commandLine, macro;

    OptionKey(String commandLine, String macro) {
        this.commandLine = commandLine;
        this.macro = macro;
    }

    /** The placeholder a core message holds in place of the option's spelling. */
    public String mark() {
        return "{option:" + name() + "}";
    }

    /** The option as {@code syntax} spells it. */
    public String in(Syntax syntax) {
        return syntax == Syntax.MACRO ? macro : commandLine;
    }

    /** {@code text} with every option placeholder spelled in {@code syntax}. */
    public static String render(String text, Syntax syntax) {
        if (text == null || !text.contains("{option:"))
            return text;
        String out = text;
        for (OptionKey k : values())
            out = out.replace(k.mark(), k.in(syntax));
        return out;
    }
}
