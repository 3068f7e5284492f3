package org.condseg.model;

/**
 * Bad usage (a missing or contradictory option, a prompt outside the image): exit code 2.
 *
 * <pre>{@code
 * throw new UsageException("point 600,10 lies outside the 512x512x1 image");
 * }</pre>
 */
public final class UsageException extends CondSegException {

    public UsageException(String reason) {
        super((String) null, reason, null);
    }

    @Override
    public int exitCode() {
        return 2;
    }
}
