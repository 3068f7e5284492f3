package org.condseg.model;

import java.nio.file.Path;

/**
 * A failure that a user must see as one line, {@code <file>: <reason>}, with a documented exit code.
 *
 * <pre>{@code
 * throw new InputException(path, "not a TIFF file");
 * }</pre>
 */
public abstract class CondSegException extends Exception {

    private final String subject;

    protected CondSegException(Path file, String reason, Throwable cause) {
        this(file == null ? null : file.toString(), reason, cause);
    }

    protected CondSegException(String subject, String reason, Throwable cause) {
        super(reason, cause);
        this.subject = subject;
    }

    /** The file (or other named thing) the failure is about, or {@code null}. */
    public String subject() {
        return subject;
    }

    /** The exit code of the command line for this kind of failure. */
    public abstract int exitCode();

    /** The reason, options spelled as on the command line (see {@link OptionKey}). */
    @Override
    public String getMessage() {
        return message(OptionKey.Syntax.COMMAND_LINE);
    }

    /** The reason, options spelled in {@code syntax}. */
    public String message(OptionKey.Syntax syntax) {
        return OptionKey.render(super.getMessage(), syntax);
    }

    /** {@code <file>: <reason>}, or the reason alone where there is no file. */
    public String oneLine() {
        return oneLine(OptionKey.Syntax.COMMAND_LINE);
    }

    /** The same with options spelled in {@code syntax}: what ImageJ shows ({@link OptionKey.Syntax#MACRO}). */
    public String oneLine(OptionKey.Syntax syntax) {
        return subject == null ? message(syntax) : subject + ": " + message(syntax);
    }
}
