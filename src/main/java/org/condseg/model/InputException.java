package org.condseg.model;

import java.nio.file.Path;

/**
 * Bad input (unreadable, invalid, wrong shape): exit code 3.
 *
 * <pre>{@code
 * throw new InputException(path, "declares 0 columns");
 * }</pre>
 */
public final class InputException extends CondSegException {

    public InputException(Path file, String reason) {
        super(file, reason, null);
    }

    public InputException(Path file, String reason, Throwable cause) {
        super(file, reason, cause);
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
