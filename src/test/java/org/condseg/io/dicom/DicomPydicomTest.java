package org.condseg.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.condseg.Tools;
import org.condseg.io.Npy;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOM series built by an independent writer (Debian's python3-pydicom) from a known volume come
 * back in the right order, with the right spacing, geometry and values; pydicom's own small CT and MR
 * files open to the values pydicom reads; compressed and broken files are refused with a reason.
 */
class DicomPydicomTest {

    @TempDir
    Path tmp;

    private static final String MAKE_SERIES = String.join("\n",
            "import sys, os, numpy as np, pydicom",
            "from pydicom.dataset import Dataset, FileMetaDataset",
            "from pydicom.sequence import Sequence",
            "from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid",
            "out = sys.argv[1]; rng = np.random.default_rng(3)",
            "def write(path, arr, pos, ori, spacing, uid, inst, implicit, bits_stored, signed, slope, inter, desc):",
            "    meta = FileMetaDataset(); meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'",
            "    meta.MediaStorageSOPInstanceUID = generate_uid()",
            "    meta.TransferSyntaxUID = ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian",
            "    ds = Dataset(); ds.file_meta = meta; ds.is_little_endian = True; ds.is_implicit_VR = implicit",
            "    ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID",
            "    ds.Modality = 'CT'; ds.SeriesInstanceUID = uid; ds.SeriesDescription = desc; ds.SeriesNumber = 3",
            "    ds.InstanceNumber = inst; ds.ImagePositionPatient = ['%.10g' % v for v in pos]",
            "    ds.ImageOrientationPatient = ['%.10g' % v for v in ori]; ds.PixelSpacing = list(spacing)",
            "    ref = Dataset(); ref.ReferencedSOPInstanceUID = generate_uid(); ds.ReferencedImageSequence = Sequence([ref, Dataset()])",
            "    ds.Rows, ds.Columns = arr.shape; ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'",
            "    ds.BitsAllocated = arr.dtype.itemsize * 8; ds.BitsStored = bits_stored; ds.HighBit = bits_stored - 1",
            "    ds.PixelRepresentation = 1 if signed else 0",
            "    if slope is not None: ds.RescaleSlope = slope; ds.RescaleIntercept = inter",
            "    ds.PixelData = arr.tobytes()",
            "    ds.save_as(path, write_like_original=False)",
            "c, s = np.cos(0.4), np.sin(0.4)",
            "row = np.array([c, s, 0.0]); col = np.array([0.0, 0.0, -1.0]); normal = np.cross(row, col)",
            "origin = np.array([-100.25, 50.5, 30.0]); dz = 2.5",
            "hu = rng.integers(-1024, 3000, size=(5, 4, 6))",
            "stored = (hu + 1024).astype(np.uint16)",
            "noisy = stored | ((rng.integers(0, 2, size=stored.shape) << 14).astype(np.uint16))  # overlay bits above Bits Stored",
            "uid = generate_uid()",
            "for k, z in enumerate(rng.permutation(5)):",
            "    write(os.path.join(out, 'a%03d.dcm' % (7 * k % 5)), noisy[z], origin + z * dz * normal, list(row) + list(col),",
            "          ('0.7', '0.9'), uid, int(rng.integers(1, 99)), False, 12, False, '1', '-1024', 'abdomen')",
            "np.save(os.path.join(out, 'expected-a.npy'), hu.astype(np.float32).ravel())",
            "uid2 = generate_uid(); small = rng.integers(0, 255, size=(3, 2, 3)).astype(np.uint8)",
            "for z in range(3):",
            "    write(os.path.join(out, 'b%d' % z), small[z], [0, 0, 10 - 4 * z], [1, 0, 0, 0, 1, 0], ('1', '1'), uid2, 3 - z,",
            "          True, 8, False, None, None, 'scout')",
            "np.save(os.path.join(out, 'expected-b.npy'), small[::-1].astype(np.float32).ravel())",
            "open(os.path.join(out, 'README.txt'), 'w').write('not DICOM')",
            "print(' '.join(repr(float(v)) for v in list(origin) + list(normal)))");

    @Test
    void aShuffledSeriesComesBackInOrderWithSpacingGeometryAndHounsfieldUnits() throws Exception {
        Tools.requirePython("pydicom", "numpy");
        Path dir = Files.createDirectories(tmp.resolve("series"));
        double[] printed = java.util.Arrays.stream(Tools.runPython(MAKE_SERIES, dir).trim().split(" "))
                .mapToDouble(Double::parseDouble).toArray();
        MedicalImage m = DicomReader.read(dir);
        Voxels v = m.voxels();
        assertEquals(List.of(6, 4, 5, VoxelType.FLOAT32), List.of(v.width(), v.height(), v.slices(), v.type()));
        assertArrayEquals(Npy.read(dir.resolve("expected-a.npy"), "a").data(), flat(v));
        assertArrayEquals(new double[] {0.9, 0.7, 2.5}, m.geometry().spacing(), 1e-7);
        assertArrayEquals(new double[] {printed[0], printed[1], printed[2]}, m.geometry().origin(), 1e-9);
        double[][] d = m.geometry().direction();
        assertArrayEquals(new double[] {printed[3], printed[4], printed[5]}, new double[] {d[0][2], d[1][2], d[2][2]}, 1e-9);
        assertArrayEquals(new double[] {Math.cos(0.4), Math.sin(0.4), 0}, new double[] {d[0][0], d[1][0], d[2][0]}, 1e-9);
        assertTrue(m.notes().get(0).contains("2 series") && m.notes().get(0).contains("'scout'"), m.notes().toString());

        MedicalImage scout = DicomReader.read(dir.resolve("b1"));
        assertEquals(List.of(3, 2, 3, VoxelType.UINT8), List.of(scout.voxels().width(), scout.voxels().height(),
                scout.voxels().slices(), scout.voxels().type()));
        assertArrayEquals(Npy.read(dir.resolve("expected-b.npy"), "b").data(), flat(scout.voxels()), "sorted along +z");
        assertArrayEquals(new double[] {1, 1, 4}, scout.geometry().spacing(), 1e-9);
    }

    private static final String PIXELS = String.join("\n",
            "import sys, numpy as np, pydicom",
            "ds = pydicom.dcmread(sys.argv[1])",
            "a = ds.pixel_array.astype(np.float64) * float(ds.get('RescaleSlope', 1)) + float(ds.get('RescaleIntercept', 0))",
            "np.save(sys.argv[2], a.astype(np.float32).ravel())",
            "print(ds.Columns, ds.Rows)");

    @Test
    void pydicomsOwnCtAndMrFilesOpenToPydicomsValues() throws Exception {
        Tools.requirePython("pydicom", "numpy");
        Path data = testFiles();
        for (String name : List.of("CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm")) {
            Path dir = Files.createDirectories(tmp.resolve(name + "-dir"));
            Path f = Files.copy(data.resolve(name), dir.resolve(name));
            Path npy = tmp.resolve(name + ".npy");
            String[] size = Tools.runPython(PIXELS, f, npy).trim().split(" ");
            MedicalImage m = DicomReader.read(f);
            assertEquals(Integer.parseInt(size[0]), m.voxels().width(), name);
            assertEquals(Integer.parseInt(size[1]), m.voxels().height(), name);
            assertArrayEquals(Npy.read(npy, name).data(), flat(m.voxels()), name);
        }
    }

    @Test
    void compressedTruncatedAndImagelessFilesAreRefusedWithAReason() throws Exception {
        Tools.requirePython("pydicom");
        Path data = testFiles();
        refused(data.resolve("JPEG2000.dcm"), "JPEG 2000 transfer syntax");
        refused(data.resolve("MR_small_RLE.dcm"), "RLE");
        refused(data.resolve("MR_truncated.dcm"), "truncated");
        refused(data.resolve("rtplan.dcm"), "without an image");
        refused(data.resolve("README.txt"), "not a DICOM file");
    }

    private void refused(Path source, String reason) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("refused-" + source.getFileName()));
        Path f = Files.copy(source, dir.resolve(source.getFileName()));
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(InputException.class,
                () -> DicomReader.read(f)));
        assertTrue(e.getMessage().contains(reason), source.getFileName() + ": " + e.getMessage());
    }

    private static Path testFiles() throws Exception {
        String dir = Tools.runPython("import os, pydicom.data as d; print(os.path.dirname(d.get_testdata_file('CT_small.dcm')))").trim();
        return Path.of(dir);
    }

    static float[] flat(Voxels v) {
        int n = v.width() * v.height();
        float[] out = new float[n * v.planes().size()];
        for (int p = 0; p < v.planes().size(); p++)
            for (int i = 0; i < n; i++)
                out[p * n + i] = switch (v.type()) {
                    case UINT8 -> ((byte[]) v.planes().get(p))[i] & 0xff;
                    case UINT16 -> ((short[]) v.planes().get(p))[i] & 0xffff;
                    default -> ((float[]) v.planes().get(p))[i];
                };
        return out;
    }
}
