package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.Fixtures;
import org.condseg.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on medical formats, checked by an independent reader (nibabel): a CT-like NIfTI
 * segmented with a scribble given as a NIfTI mask yields a label NIfTI with the input's shape, affine
 * and qform/sform codes.
 */
class MedicalCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    /** A small CT-like volume: uint16 raw with intercept -1024 (air -1000 HU, a soft-tissue body, a bone). */
    private static final String MAKE_CT = String.join("\n",
            "import sys, gzip, numpy as np, nibabel as nib",
            "ct, mask, wrong = sys.argv[1:4]",
            "x, y, z = np.mgrid[0:37, 0:29, 0:5]",
            "hu = np.full((37, 29, 5), -1000.0)",
            "hu[((x - 18) / 14.0) ** 2 + ((y - 14) / 11.0) ** 2 < 1] = 40",
            "hu[((x - 18) ** 2 + (y - 20) ** 2) < 9] = 700",
            "raw = (hu + 1024).astype(np.uint16)",
            "c, s = np.cos(0.3), np.sin(0.3)",
            "aff = np.array([[0.8 * c, -0.8 * s, 0, -150.5], [0.8 * s, 0.8 * c, 0, 20.25], [0, 0, 2.5, -300], [0, 0, 0, 1]])",
            "img = nib.Nifti1Image(raw, aff, dtype=np.uint16); img.set_qform(aff, 1); img.set_sform(aff, 1)",
            "img.header.set_xyzt_units('mm', 'sec')",
            "nib.save(img, ct)",
            "h = nib.load(ct).header.copy(); h.set_slope_inter(1.0, -1024.0); h.set_data_offset(352); block = h.binaryblock",
            "with gzip.open(ct, 'rb') as f: data = f.read()",
            "with gzip.open(ct, 'wb') as f: f.write(block + data[len(block):])",
            "m = np.zeros((37, 29, 5), np.uint8); m[15:20, 12:15, 2] = 1",
            "nib.save(nib.Nifti1Image(m, aff), mask)",
            "nib.save(nib.Nifti1Image(np.zeros((36, 29, 5), np.uint8), aff), wrong)");

    private static final String CHECK = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "src = nib.load(sys.argv[1]); lab = nib.load(sys.argv[2]); prob = nib.load(sys.argv[3])",
            "hu = src.get_fdata()",
            "print('shape', lab.shape == src.shape and prob.shape == src.shape)",
            "print('affine', np.array_equal(lab.affine, src.affine) and np.array_equal(prob.affine, src.affine))",
            "print('qform', np.array_equal(lab.get_qform(), src.get_qform()))",
            "print('codes', int(lab.header['qform_code']), int(lab.header['sform_code']), int(src.header['qform_code']), int(src.header['sform_code']))",
            "print('label', lab.get_data_dtype(), int(lab.header['intent_code']), prob.get_data_dtype(), int(prob.header['intent_code']))",
            "print('values', np.array_equal(np.asarray(lab.dataobj) > 0, hu > 0.5), np.allclose(prob.get_fdata(), hu, atol=1e-3))",
            "print('hu', hu.min(), hu.max())");

    @Test
    void aCtNiftiSegmentedFromANiftiScribbleGivesLabelsOnTheInputsGrid() throws Exception {
        Tools.requirePython("nibabel", "numpy");
        Path ct = tmp.resolve("ct.nii.gz"), mask = tmp.resolve("scribble.nii.gz"), wrong = tmp.resolve("wrong.nii.gz");
        Tools.runPython(MAKE_CT, ct, mask, wrong);
        Path labels = tmp.resolve("out/ct-labels.nii.gz"), prob = tmp.resolve("out/ct-prob.nii");
        int code = run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", ct.toString(),
                "--mask", mask.toString(), "--output", labels.toString(), "--probabilities", prob.toString());
        String errText = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, errText);
        String check = Tools.runPython(CHECK, ct, labels, prob);
        assertEquals(String.join("\n", "shape True", "affine True", "qform True", "codes 1 1 1 1", "label uint8 1002 float32 0",
                "values True True", "hu -1000.0 700.0"), check.trim());
        try (var s = Files.list(labels.getParent())) {
            assertEquals(2, s.count(), "no temporary files left behind");
        }

        assertEquals(2, run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", ct.toString(),
                "--mask", wrong.toString(), "--output", tmp.resolve("w.nii.gz").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not on the image's 37x29x5 grid"), err.toString(StandardCharsets.UTF_8));
    }

    private static final String MAKE_DICOM = String.join("\n",
            "import sys, os, numpy as np",
            "from pydicom.dataset import Dataset, FileMetaDataset",
            "from pydicom.uid import ExplicitVRLittleEndian, generate_uid",
            "uid = generate_uid()",
            "for z in range(3):",
            "    meta = FileMetaDataset(); meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'",
            "    meta.MediaStorageSOPInstanceUID = generate_uid(); meta.TransferSyntaxUID = ExplicitVRLittleEndian",
            "    ds = Dataset(); ds.file_meta = meta; ds.is_little_endian = True; ds.is_implicit_VR = False",
            "    ds.SeriesInstanceUID = uid; ds.InstanceNumber = z + 1; ds.Modality = 'CT'",
            "    ds.ImagePositionPatient = [-50, 20, 5 - 2 * z]; ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]",
            "    ds.PixelSpacing = [0.5, 0.75]; ds.Rows = 16; ds.Columns = 24; ds.SamplesPerPixel = 1",
            "    ds.PhotometricInterpretation = 'MONOCHROME2'; ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15",
            "    ds.PixelRepresentation = 1; ds.RescaleSlope = 1; ds.RescaleIntercept = 0",
            "    a = np.full((16, 24), -1000, np.int16); a[4:12, 6:18] = 50",
            "    ds.PixelData = a.tobytes(); ds.save_as(os.path.join(sys.argv[1], 'IM%d' % z), write_like_original=False)");

    private static final String CHECK_DICOM_LABELS = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "lab = nib.load(sys.argv[1])",
            "exp = np.array([[-0.75, 0, 0, 50], [0, -0.5, 0, -20], [0, 0, 2, 1], [0, 0, 0, 1]])",
            "print(lab.shape, np.allclose(lab.affine, exp), int(lab.header['sform_code']), int(np.asarray(lab.dataobj).sum()))");

    @Test
    void aDicomFolderSegmentsToALabelNiftiInTheScannersWorld() throws Exception {
        Tools.requirePython("pydicom", "nibabel", "numpy");
        Path dir = Files.createDirectories(tmp.resolve("dicom"));
        Tools.runPython(MAKE_DICOM, dir);
        Path labels = tmp.resolve("labels.nii.gz");
        int code = run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", dir.toString(),
                "--output", labels.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals("(24, 16, 3) True 1 288", Tools.runPython(CHECK_DICOM_LABELS, labels).trim(),
                "slices sorted along +z from z = 1 mm, LPS turned into RAS");
    }

    @Test
    void aTruncatedNiftiInputExitsThreeWithOneLine() throws Exception {
        Path bad = tmp.resolve("bad.nii.gz");
        Files.write(bad, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0});
        int code = run("segment", "--model", Fixtures.fixture("identity-2d").toString(), "--input", bad.toString(),
                "--output", tmp.resolve("l.nii.gz").toString());
        assertEquals(3, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("condseg: error: " + bad + ": "), e);
    }
}
