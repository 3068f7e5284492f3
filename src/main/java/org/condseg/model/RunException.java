package org.condseg.model;

/**
 * A failure while running a model that was valid when loaded: exit code 5.
 *
 * <pre>{@code
 * throw new RunException("interactive-2d", "ONNX Runtime failed on tile 3", e);
 * }</pre>
 */
public final class RunException extends CondSegException {

    public RunException(String subject, String reason, Throwable cause) {
        super(subject, reason, cause);
    }

    @Override
    public int exitCode() {
        return 5;
    }
}
