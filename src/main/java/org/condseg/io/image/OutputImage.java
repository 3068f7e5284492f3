package org.condseg.io.image;

import org.condseg.io.medical.MedicalImage;

/**
 * An image to write: its voxels on the input's grid (with the input's calibration and, where it was
 * read from a medical file, its geometry and header), the title it is shown and saved under, what it
 * holds, and the provenance JSON of a result ({@code null} for images that carry none).
 *
 * <pre>{@code
 * OutputImage labels = ImageVolumes.labels(result, Placement.of(input, "scan"));
 * ImageFormats.write(labels, Path.of("scan-labels.nii.gz"));
 * }</pre>
 */
public record OutputImage(MedicalImage image, String title, Role role, String provenance) {

    /** What an output image holds, which decides its pixel type, display range and NIfTI intent. */
    public enum Role {
        /** Any image (written as it is). */
        IMAGE,
        /** Labels 0, 1, 2, ... (8-bit, or 16-bit past 255). */
        LABELS,
        /** Foreground probabilities in [0, 1] (32-bit). */
        PROBABILITIES,
        /** Uncertainty in bits (32-bit). */
        UNCERTAINTY,
        /** Sampled label images, one frame each. */
        SAMPLES;

        /** Whether the image holds labels (LABELS or SAMPLES). */
        public boolean labels() {
            return this == LABELS || this == SAMPLES;
        }
    }

    /** The largest voxel value of a label image (its display range in viewers); 0 for other roles. */
    public int maxLabel() {
        if (!role.labels())
            return 0;
        int max = 0;
        for (Object p : image.voxels().planes()) {
            if (p instanceof byte[] b)
                for (byte v : b)
                    max = Math.max(max, v & 0xff);
            else if (p instanceof short[] s)
                for (short v : s)
                    max = Math.max(max, v & 0xffff);
        }
        return max;
    }
}
