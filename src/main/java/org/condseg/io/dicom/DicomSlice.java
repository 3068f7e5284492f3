package org.condseg.io.dicom;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * What the series reader needs from one DICOM file's header: identity, position, orientation, pixel
 * layout, rescaling and where the pixel data lie. Arrays are {@code null} where the file lacks them.
 *
 * <pre>{@code
 * DicomSlice s = DicomParser.parse(Path.of("IM0001.dcm"));
 * double[] position = s.position(); // Image Position (Patient), LPS mm
 * }</pre>
 */
public record DicomSlice(Path file, String seriesUid, String seriesDescription, String seriesNumber, String modality,
        int instanceNumber, double[] position, double[] orientation, double[] pixelSpacing, double sliceThickness,
        double spacingBetweenSlices, int rows, int columns, int bitsAllocated, int bitsStored, boolean signed,
        int samplesPerPixel, String photometric, int frames, double slope, double intercept, long pixelOffset,
        long pixelLength, ByteOrder order) {

    /** Whether the file holds an image (pixel data with rows and columns). */
    public boolean hasPixels() {
        return pixelOffset >= 0 && rows > 0 && columns > 0;
    }

    /** Whether the slice rescales its stored values (slope not 1 or intercept not 0). */
    public boolean rescales() {
        return slope != 1 || intercept != 0;
    }

    /** The slice normal (row direction × column direction), or {@code null} without an orientation. */
    public double[] normal() {
        if (orientation == null)
            return null;
        double[] r = orientation, n = {r[1] * r[5] - r[2] * r[4], r[2] * r[3] - r[0] * r[5], r[0] * r[4] - r[1] * r[3]};
        double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        return len > 0 ? new double[] {n[0] / len, n[1] / len, n[2] / len} : null;
    }
}
