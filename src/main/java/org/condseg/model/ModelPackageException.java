package org.condseg.model;

import java.nio.file.Path;

/**
 * Bad model (missing, invalid description, checksum mismatch, weights that do not load): exit code 4.
 *
 * <pre>{@code
 * throw new ModelPackageException(rdf, "weights sha256 differs from rdf.yaml");
 * }</pre>
 */
public final class ModelPackageException extends CondSegException {

    public ModelPackageException(Path file, String reason) {
        super(file, reason, null);
    }

    public ModelPackageException(Path file, String reason, Throwable cause) {
        super(file, reason, cause);
    }

    public ModelPackageException(String modelId, String reason) {
        super(modelId, reason, null);
    }

    @Override
    public int exitCode() {
        return 4;
    }
}
