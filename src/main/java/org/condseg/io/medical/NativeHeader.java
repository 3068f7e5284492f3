package org.condseg.io.medical;

/**
 * A file's own header, kept beside the voxels so that an image written for that file (its label
 * image) carries the same header geometry, field for field, where the output format is the same.
 *
 * <pre>{@code
 * if (image.header() instanceof NiftiHeader h) { ... }
 * }</pre>
 */
public interface NativeHeader {

    /** The format's short name, e.g. {@code "NIfTI-1"}. */
    String format();
}
