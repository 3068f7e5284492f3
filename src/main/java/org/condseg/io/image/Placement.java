package org.condseg.io.image;

import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.NativeHeader;
import org.condseg.model.Calibration;

/**
 * Where an input lies, for the images made for it: its title (the file name without extension), its
 * calibration and, where it was read from a medical file, its world geometry and the file's header
 * (each {@code null} otherwise), so that its labels are written on its grid in the world.
 *
 * <pre>{@code
 * Placement p = Placement.of(ImageFormats.read(ct), ImageFormats.baseTitle("ct.nii.gz"));
 * }</pre>
 */
public record Placement(String title, Calibration calibration, Geometry geometry, NativeHeader header) {

    public static Placement of(MedicalImage m, String title) {
        return new Placement(title, m.calibration(), m.geometry(), m.header());
    }
}
