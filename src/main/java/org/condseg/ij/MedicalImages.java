package org.condseg.ij;

import java.util.ArrayList;
import java.util.List;

import org.condseg.io.image.ImageFormats;
import org.condseg.io.image.Placement;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.NativeHeader;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

/**
 * Medical images to ImagePlus and back. An ImagePlus read from a medical file keeps where its grid
 * lies ({@link Reference}: the world geometry and the file's own header) in the property
 * {@value #REFERENCE}; {@link #carryReference} passes it to an image made for that input (its label
 * image), so that writing the latter in the same format repeats the input's header geometry.
 *
 * <pre>{@code
 * ImagePlus ct = MedicalImages.toImagePlus(NiftiReader.read(path), "ct.nii.gz");
 * MedicalImages.carryReference(ct, labels);
 * MedicalImage out = MedicalImages.fromImagePlus(labels);
 * }</pre>
 */
public final class MedicalImages {

    /** The ImagePlus property (not saved in TIFF files) holding the {@link Reference}. */
    public static final String REFERENCE = "condseg.reference";

    /** The ImagePlus property holding the notes made on reading, one per line. */
    public static final String NOTES = "condseg.notes";

    /** The grid (width, height, slices) a geometry and header belong to. */
    public record Reference(int width, int height, int slices, Geometry geometry, NativeHeader header) {

        boolean fits(ImagePlus imp) {
            return imp.getWidth() == width && imp.getHeight() == height && imp.getNSlices() == slices;
        }
    }

    private MedicalImages() {
    }

    public static ImagePlus toImagePlus(MedicalImage m, String title) {
        Voxels v = m.voxels();
        ImageStack stack = new ImageStack(v.width(), v.height());
        for (Object plane : v.planes())
            stack.addSlice(null, plane);
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(v.channels(), v.slices(), v.frames());
        if (v.channels() > 1 || v.frames() > 1)
            imp.setOpenAsHyperStack(true);
        ImagePlusAdapter.calibrate(imp, m.calibration());
        if (v.type() != VoxelType.UINT8 && v.type() != VoxelType.RGB)
            imp.resetDisplayRange();
        imp.setProperty(REFERENCE, new Reference(v.width(), v.height(), v.slices(), m.geometry(), m.header()));
        if (!m.notes().isEmpty())
            imp.setProperty(NOTES, String.join("\n", m.notes()));
        return imp;
    }

    /**
     * The ImagePlus as a medical image: its planes (shared, except signed 16-bit images, converted to
     * float), its calibration, and the geometry and header of its {@link Reference} where that is for
     * its grid.
     */
    public static MedicalImage fromImagePlus(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        boolean signed16 = imp.getBitDepth() == 16 && imp.getCalibration().isSigned16Bit();
        List<Object> planes = new ArrayList<>(stack.getSize());
        for (int i = 1; i <= stack.getSize(); i++) {
            if (signed16) {
                ImageProcessor ip = stack.getProcessor(i);
                ip.setCalibrationTable(imp.getCalibration().getCTable());
                planes.add(ip.convertToFloatProcessor().getPixels());
            } else {
                planes.add(stack.getPixels(i));
            }
        }
        VoxelType type = VoxelType.of(planes.get(0));
        Voxels v = new Voxels(imp.getWidth(), imp.getHeight(), imp.getNSlices(), imp.getNChannels(), imp.getNFrames(), type, planes);
        Reference r = reference(imp);
        boolean fits = r != null && r.fits(imp);
        return new MedicalImage(v, ImagePlusAdapter.calibration(imp), fits ? r.geometry() : null, fits ? r.header() : null,
                List.of());
    }

    /**
     * Where an ImagePlus lies, for the images made for it: its title without extension, its calibration
     * and, where it carries a {@link Reference} for its grid, the geometry and header of the file it was read from.
     */
    public static Placement placement(ImagePlus imp) {
        Reference r = reference(imp);
        boolean fits = r != null && r.fits(imp);
        return new Placement(ImageFormats.baseTitle(imp.getTitle()), ImagePlusAdapter.calibration(imp), fits ? r.geometry() : null,
                fits ? r.header() : null);
    }

    /** The reference an ImagePlus carries, or {@code null}. */
    public static Reference reference(ImagePlus imp) {
        return imp.getProperty(REFERENCE) instanceof Reference r ? r : null;
    }

    /** Gives {@code target} the reference of {@code source} (where it has one and the grids match). */
    public static void carryReference(ImagePlus source, ImagePlus target) {
        Reference r = reference(source);
        if (r != null && r.fits(target))
            target.setProperty(REFERENCE, r);
    }

    /** The notes made on reading, or an empty list. */
    public static List<String> notes(ImagePlus imp) {
        return imp.getProperty(NOTES) instanceof String s ? List.of(s.split("\n")) : List.of();
    }
}
