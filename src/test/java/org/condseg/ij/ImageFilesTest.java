package org.condseg.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.io.nifti.NiftiHeader;
import org.condseg.io.nifti.NiftiReader;
import org.condseg.io.nifti.NiftiWriter;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.condseg.model.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;

/** Format dispatch by extension, calibration and geometry through ImagePlus. */
class ImageFilesTest {

    @TempDir
    Path tmp;

    static ImagePlus stack(int w, int h, int d) {
        ImageStack s = new ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            ShortProcessor sp = new ShortProcessor(w, h);
            for (int i = 0; i < w * h; i++)
                sp.set(i, (i * 7 + z * 1000) % 65536);
            s.addSlice(sp);
        }
        ImagePlus imp = new ImagePlus("stack.tif", s);
        ImagePlusAdapter.calibrate(imp, new Calibration(new double[] {0.5, 0.25, 2}, "mm", new double[] {10, -20, 30}));
        return imp;
    }

    @Test
    void calibrationOriginIsThePositionOfVoxelZero() {
        ImagePlus imp = stack(3, 2, 2);
        assertEquals(-20, imp.getCalibration().xOrigin, 1e-12, "ImageJ keeps the origin in pixels");
        assertArrayEquals(new double[] {10, -20, 30}, ImagePlusAdapter.calibration(imp).origin(), 1e-12);
    }

    @Test
    void aCalibratedTiffStackBecomesAnAlignedNifti() throws Exception {
        Path f = tmp.resolve("s.nii.gz");
        ImageFiles.write(stack(5, 4, 3), f);
        NiftiHeader h = NiftiReader.readHeader(f);
        assertEquals(NiftiHeader.XFORM_ALIGNED, h.sform().code());
        assertEquals(NiftiHeader.DT_UINT16, h.datatype());
        assertEquals(0, h.intent().code(), "not a label image");
        ImagePlus back = ImageFiles.read(f);
        assertEquals(3, back.getNSlices());
        assertArrayEquals(new double[] {0.5, 0.25, 2}, ImagePlusAdapter.calibration(back).spacing(), 1e-7);
        assertArrayEquals(new double[] {10, -20, 30}, ImagePlusAdapter.calibration(back).origin(), 1e-5);
        assertEquals("mm", back.getCalibration().getUnit());
        assertArrayEquals((short[]) stack(5, 4, 3).getStack().getPixels(2), (short[]) back.getStack().getPixels(2));
        assertEquals("s", ImagePlusAdapter.toVolume(back).name());
    }

    @Test
    void aNiftiReadAndWrittenAsTiffKeepsItsCalibration() throws Exception {
        Path nii = tmp.resolve("s.nii");
        ImageFiles.write(stack(5, 4, 3), nii);
        Path tif = tmp.resolve("s.tif");
        ImageFiles.write(ImageFiles.read(nii), tif);
        ImagePlus back = ImageFiles.read(tif);
        assertArrayEquals(new double[] {10, -20, 30}, ImagePlusAdapter.calibration(back).origin(), 1e-5);
    }

    @Test
    void framesAndChannelsBecomeAHyperstackThatTheCoreRefusesWithAClearMessage() throws Exception {
        Voxels v = new Voxels(4, 3, 2, 2, 3, VoxelType.UINT8, java.util.Collections.nCopies(12, new byte[12]));
        Path f = tmp.resolve("5d.nii");
        NiftiWriter.write(new MedicalImage(v, Calibration.NONE, null, null, List.of()), false, f);
        ImagePlus imp = ImageFiles.read(f);
        assertEquals(List.of(2, 2, 3), List.of(imp.getNChannels(), imp.getNSlices(), imp.getNFrames()));
        InputException e = assertThrows(InputException.class, () -> ImagePlusAdapter.toVolume(imp));
        assertTrue(e.getMessage().contains("2 channels and 3 frames"), e.getMessage());
    }

    @Test
    void aLabelImageKeepsTheReferenceOnlyOnItsGrid() throws Exception {
        Geometry g = Geometry.fromAffine(new double[][] {{0, 1, 0, 5}, {1, 0, 0, 6}, {0, 0, 2, 7}});
        Voxels v = new Voxels(4, 3, 2, 1, 1, VoxelType.FLOAT32, List.of(new float[12], new float[12]));
        ImagePlus src = MedicalImages.toImagePlus(new MedicalImage(v, Calibration.NONE, g, null, List.of()), "src.mha");
        ImagePlus same = stack(4, 3, 2), other = stack(5, 3, 2);
        MedicalImages.carryReference(src, same);
        MedicalImages.carryReference(src, other);
        assertNotNull(MedicalImages.fromImagePlus(same).geometry());
        assertEquals(null, MedicalImages.fromImagePlus(other).geometry());
    }

    @Test
    void geometryCrossesFormats() throws Exception {
        Geometry g = Geometry.fromAffine(new double[][] {{0, 0.5, 0, 5}, {-0.8, 0, 0, 6}, {0, 0, 2, 7}});
        Voxels v = new Voxels(4, 3, 2, 1, 1, VoxelType.UINT16, List.of(new short[12], new short[12]));
        Path nii = tmp.resolve("src.nii.gz");
        NiftiWriter.write(new MedicalImage(v, Calibration.NONE, g, null, List.of()), false, nii);
        ImagePlus src = ImageFiles.read(nii);
        for (String name : List.of("l.mha", "l.mhd", "l.nrrd", "l.nii")) {
            ImagePlus labels = stack(4, 3, 2);
            MedicalImages.carryReference(src, labels);
            ImageFiles.write(labels, tmp.resolve(name));
            Geometry back = MedicalImages.reference(ImageFiles.read(tmp.resolve(name))).geometry();
            double[][] a = g.affine(), b = back.affine();
            for (int r = 0; r < 3; r++)
                assertArrayEquals(a[r], b[r], 1e-6, name);
        }
        UsageException e = assertThrows(UsageException.class, () -> ImageFiles.write(new ImagePlus("rgb",
                new ij.process.ColorProcessor(2, 2)), tmp.resolve("c.nrrd")));
        assertTrue(e.getMessage().contains("RGB"), e.getMessage());
    }

    @Test
    void unknownExtensionsAreNamed() {
        assertThrows(UsageException.class, () -> ImageFiles.write(stack(2, 2, 1), tmp.resolve("x.xyz")));
        InputException e = assertThrows(InputException.class, () -> ImageFiles.read(tmp.resolve("missing.nii")));
        assertTrue(e.getMessage().contains("no such file"));
    }

    /** What ImageJ's FileSaver prints for a failed write (a full disk) becomes the reason, as the system gave it. */
    @Test
    void imageJsWriteErrorBecomesTheSystemsReason() {
        assertEquals("No space left on device", ImageFiles.writeError(
                "FileSaver.saveAsTiffStack: File saving error (IOException):\n   \"No space left on device\" \n   /data/.a.tif.1.part.tif\n"));
        assertEquals("cannot be written (Unsupported format)", ImageFiles.writeError("Unsupported format\n"));
        assertEquals("cannot be written", ImageFiles.writeError(""));
    }
}
