package org.condseg.io.image;

import java.io.IOException;
import java.nio.file.Path;

import org.condseg.io.medical.MedicalImage;
import org.condseg.model.InputException;

/**
 * The formats that are not medical volumes (TIFF, PNG, and whatever else a provider can open), as
 * a service: the {@code ij} package provides the one that reads and writes them through ImageJ 1,
 * registered in {@code META-INF/services}. {@link ImageFormats} finds it when a file needs it.
 *
 * <pre>{@code
 * MedicalImage m = ImageFormats.read(Path.of("cells.tif")); // through the PlaneFormat found
 * }</pre>
 */
public interface PlaneFormat {

    /**
     * Reads {@code file}, whose lower-case extension is {@code extension} (not a medical format): its
     * planes, calibration and notes; geometry and header {@code null}. Hostile headers are refused
     * before pixels are allocated.
     */
    MedicalImage read(Path file, String extension) throws InputException;

    /** Throws a {@link LinkageError} where the library behind this format is not on the class path. */
    default void checkAvailable() {
    }

    /** Writes {@code image} to {@code file} as TIFF ({@code tif}, {@code tiff}) or PNG ({@code png}). */
    void write(OutputImage image, Path file, String extension) throws IOException;
}
