package org.condseg.io.medical;

import java.util.List;

import org.condseg.model.Calibration;

/**
 * One image read from (or to be written to) a medical format: its voxels, the calibration ImageJ
 * shows (spacing, unit, and the position of voxel (0, 0, 0) in the file's own world coordinates),
 * the world geometry where the file states one ({@code null} where the orientation is unknown), the
 * file's own header where kept ({@code null} otherwise), and notes about conversions made on reading.
 *
 * <pre>{@code
 * MedicalImage m = NiftiReader.read(Path.of("ct.nii.gz"));
 * int slices = m.voxels().slices();
 * }</pre>
 */
public record MedicalImage(Voxels voxels, Calibration calibration, Geometry geometry, NativeHeader header, List<String> notes) {

    public MedicalImage {
        notes = List.copyOf(notes);
    }

    /** The same image with other voxels (same grid: width, height and slices must match). */
    public MedicalImage withVoxels(Voxels v) {
        if (v.width() != voxels.width() || v.height() != voxels.height() || v.slices() != voxels.slices())
            throw new IllegalArgumentException("voxels " + v.width() + "x" + v.height() + "x" + v.slices()
                    + " are not on the grid " + voxels.width() + "x" + voxels.height() + "x" + voxels.slices());
        return new MedicalImage(v, calibration, geometry, header, notes);
    }
}
