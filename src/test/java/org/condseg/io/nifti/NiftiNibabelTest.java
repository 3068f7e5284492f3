package org.condseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.Tools;
import org.condseg.io.Npy;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.condseg.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NIfTI against an independent reader and writer, Debian's python3-nibabel: what we write nibabel
 * reads to the same array, affine, codes and intent; what nibabel writes (every data type, scaling,
 * NIfTI-2, big-endian, 4D) we read to the same values; real MRI (mricron-data's ch2) too.
 */
class NiftiNibabelTest {

    @TempDir
    Path tmp;

    /** Voxel values in x-fastest order (slice, then frame, then channel), as floats. */
    static float[] values(Voxels v) {
        List<Object> planes = v.sliceMajor();
        int n = v.width() * v.height();
        float[] out = new float[n * planes.size()];
        for (int p = 0; p < planes.size(); p++)
            for (int i = 0; i < n; i++)
                out[p * n + i] = switch (v.type()) {
                    case UINT8 -> ((byte[]) planes.get(p))[i] & 0xff;
                    case UINT16 -> ((short[]) planes.get(p))[i] & 0xffff;
                    case FLOAT32 -> ((float[]) planes.get(p))[i];
                    case RGB -> ((int[]) planes.get(p))[i];
                };
        return out;
    }

    private static final String CHECK_OURS = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "f, npy, want_dtype, want_shape, want_code = sys.argv[1:6]",
            "img = nib.load(f); h = img.header",
            "data = np.asarray(img.dataobj)",
            "if data.dtype.names: data = (data['R'].astype(np.int64) << 16) | (data['G'].astype(np.int64) << 8) | data['B']",
            "exp = np.load(npy)",
            "errs = []",
            "if str(img.get_data_dtype()) != want_dtype and not img.get_data_dtype().names: errs.append('dtype %s' % img.get_data_dtype())",
            "if list(img.shape) != [int(s) for s in want_shape.split(',')]: errs.append('shape %s' % (img.shape,))",
            "if not np.array_equal(data.ravel(order='F').astype(np.float64), exp.astype(np.float64)): errs.append('data differ')",
            "if int(h['intent_code']) != int(want_code): errs.append('intent %s' % h['intent_code'])",
            "print('codes', int(h['qform_code']), int(h['sform_code']))",
            "print('affine', ' '.join(repr(float(x)) for x in img.affine[:3].ravel()))",
            "print('qform', ' '.join(repr(float(x)) for x in img.get_qform()[:3].ravel()))",
            "print('slope', float(img.dataobj.slope), float(img.dataobj.inter))",
            "print('errors', ';'.join(errs) or 'none')");

    @Test
    void nibabelReadsWhatWeWrite() throws Exception {
        Tools.requirePython("nibabel", "numpy");
        NiftiHeader template = NiftiTest.oblique(1, 7, 6, 5);
        for (VoxelType type : VoxelType.values()) {
            Voxels v = NiftiTest.random(type, 7, 6, 5, 1, 1, 40 + type.ordinal());
            boolean labels = type == VoxelType.UINT8 || type == VoxelType.UINT16;
            Path f = tmp.resolve("ours-" + type + ".nii.gz");
            NiftiWriter.write(new MedicalImage(v, Calibration.NONE, template.geometry(), template, List.of()), labels, f);
            Path npy = tmp.resolve("ours-" + type + ".npy");
            float[] values = values(v);
            Npy.write(new Tensor("x", new long[] {values.length}, values), npy);
            String dtype = switch (type) {
                case UINT8 -> "uint8";
                case UINT16 -> "uint16";
                case FLOAT32 -> "float32";
                case RGB -> "rgb";
            };
            List<String> out = Tools.runPython(CHECK_OURS, f, npy, dtype, "7,6,5", labels ? 1002 : 0).lines().toList();
            assertEquals("errors none", out.get(4), type + ": " + out);
            assertEquals("codes 1 2", out.get(0), "qform and sform codes kept");
            assertAffine(template.sformAffine(), out.get(1));
            assertAffine(template.qformAffine(), out.get(2));
            assertEquals("slope 1.0 0.0", out.get(3));
        }
    }

    @Test
    void nibabelReadsTheGeometryOfImagesWithoutANiftiSource() throws Exception {
        Tools.requirePython("nibabel", "numpy");
        Geometry lps = Geometry.fromAffine(new double[][] {{0, 0, 2, -20}, {0.5, 0, 0, 30}, {0, -0.75, 0, 40}});
        Voxels v = NiftiTest.random(VoxelType.FLOAT32, 4, 3, 2, 1, 1, 1);
        Path f = tmp.resolve("dicom-like.nii");
        NiftiWriter.write(new MedicalImage(v, Calibration.NONE, lps, null, List.of()), false, f);
        Path npy = tmp.resolve("d.npy");
        Npy.write(new Tensor("x", new long[] {24}, values(v)), npy);
        List<String> out = Tools.runPython(CHECK_OURS, f, npy, "float32", "4,3,2", 0).lines().toList();
        assertEquals("errors none", out.get(4), out.toString());
        assertEquals("codes 1 1", out.get(0));
        assertAffine(lps.toRas(), out.get(1));
        assertAffine(lps.toRas(), out.get(2));
    }

    private static final String NIBABEL_WRITES = String.join("\n",
            "import sys, os, gzip, numpy as np, nibabel as nib",
            "out = sys.argv[1]; rng = np.random.default_rng(7)",
            "aff = np.array([[0, -0.9, 0.1, 40], [1.2, 0, 0, -60.5], [0, 0.05, 2.5, 10], [0, 0, 0, 1]])",
            "def save(name, img, slope=None, gz=True):",
            "    f = os.path.join(out, name + ('.nii.gz' if gz else '.nii'))",
            "    nib.save(img, f)",
            "    if slope is not None:",
            "        h = nib.load(f).header.copy(); h.set_slope_inter(*slope); h.set_data_offset(type(h).single_vox_offset)",
            "        block = h.binaryblock",
            "        op = gzip.open if gz else open",
            "        with op(f, 'rb') as fh: raw = fh.read()",
            "        with op(f, 'wb') as fh: fh.write(block + raw[len(block):])",
            "    img = nib.load(f)",
            "    exp = np.asarray(img.get_fdata(), dtype=np.float64).ravel(order='F')",
            "    np.save(os.path.join(out, name + '.npy'), exp)",
            "    q = img.header.get_qform_code() if hasattr(img.header, 'get_qform_code') else int(img.header['qform_code'])",
            "    print('|'.join([f, os.path.join(out, name + '.npy'), ','.join(str(s) for s in img.shape),",
            "                    ' '.join(repr(float(x)) for x in img.affine[:3].ravel())]))",
            "shape = (5, 4, 3)",
            "for dt in ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64']:",
            "    info = np.iinfo(dt) if dt[0] in 'iu' else None",
            "    if info is not None:",
            "        lo, hi = max(info.min, -(2**50)), min(info.max, 2**50)",
            "        data = rng.integers(lo, hi, size=shape, endpoint=True, dtype=dt)",
            "    else:",
            "        data = (rng.standard_normal(shape) * 1000).astype(dt)",
            "    img = nib.Nifti1Image(data, aff, dtype=dt); img.set_qform(aff, 1); img.set_sform(aff, 4)",
            "    save('n1-' + dt, img, gz=dt != 'int16')",
            "data = rng.integers(-1024, 3000, size=shape, dtype=np.int16)",
            "img = nib.Nifti1Image(data, aff); img.header.set_data_dtype(np.int16)",
            "save('slope-int16', img, slope=(0.5, -1024))",
            "img = nib.Nifti1Image(rng.integers(0, 255, size=shape, dtype=np.uint8), aff)",
            "save('slope-uint8', img, slope=(2.0, 0), gz=False)",
            "img = nib.Nifti2Image(rng.integers(0, 60000, size=shape, dtype=np.uint16), aff)",
            "save('n2-uint16', img)",
            "img = nib.Nifti2Image((rng.standard_normal(shape)).astype(np.float64), aff)",
            "save('n2-float64', img, slope=(3.0, 1.5))",
            "be = nib.Nifti1Header(endianness='>'); be.set_data_dtype(np.int32)",
            "img = nib.Nifti1Image(rng.integers(-99999, 99999, size=shape, dtype=np.int32), aff, be)",
            "save('big-endian', img)",
            "img = nib.Nifti1Image(rng.integers(0, 255, size=(5, 4, 3, 2), dtype=np.uint8), aff)",
            "save('4d', img)",
            "img = nib.Nifti1Image(rng.integers(0, 255, size=(5, 4), dtype=np.uint8), aff)",
            "save('2d', img)");

    @Test
    void weReadWhatNibabelWrites() throws Exception {
        Tools.requirePython("nibabel", "numpy");
        List<String> lines = Tools.runPython(NIBABEL_WRITES, tmp).lines().toList();
        assertEquals(17, lines.size(), String.join("\n", lines));
        List<String> checked = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\\|");
            MedicalImage m = NiftiReader.read(Path.of(f[0]));
            Tensor expected = Npy.read(Path.of(f[1]), "expected");
            float[] got = values(m.voxels());
            assertArrayEquals(expected.data(), got, f[0]);
            String[] shape = f[2].split(",");
            Voxels v = m.voxels();
            assertEquals(Integer.parseInt(shape[0]), v.width(), f[0]);
            assertEquals(Integer.parseInt(shape[1]), v.height(), f[0]);
            assertEquals(shape.length > 2 ? Integer.parseInt(shape[2]) : 1, v.slices(), f[0]);
            assertEquals(shape.length > 3 ? Integer.parseInt(shape[3]) : 1, v.frames(), f[0]);
            assertAffine(((NiftiHeader) m.header()).affine(), f[3]);
            assertAffine(m.geometry().toRas(), f[3]);
            checked.add(Path.of(f[0]).getFileName() + " " + v.type());
        }
        assertTrue(checked.contains("n2-uint16.nii.gz UINT16"), checked.toString());
        assertTrue(checked.contains("slope-int16.nii.gz FLOAT32"), checked.toString());
        assertTrue(checked.contains("n1-uint8.nii.gz UINT8"), checked.toString());
    }

    private static final String CH2 = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "img = nib.load(sys.argv[1])",
            "np.save(sys.argv[2], np.asarray(img.dataobj).astype(np.float32).ravel(order='F'))",
            "print(' '.join(repr(float(x)) for x in img.affine[:3].ravel()))");

    private static final String CH2_LABELS = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "src = nib.load(sys.argv[1]); lab = nib.load(sys.argv[2])",
            "ok = lab.shape == src.shape and np.array_equal(lab.affine, src.affine)",
            "ok = ok and int(lab.header['qform_code']) == int(src.header['qform_code'])",
            "ok = ok and int(lab.header['sform_code']) == int(src.header['sform_code'])",
            "ok = ok and lab.get_data_dtype() == np.uint8 and int(lab.header['intent_code']) == 1002",
            "ok = ok and np.array_equal(np.asarray(lab.dataobj) == 1, np.asarray(src.dataobj) > 100)",
            "print('same grid' if ok else 'differ: %s %s %s' % (lab.shape, lab.affine, lab.header))");

    @Test
    void readsRealMriAndWritesLabelsOnItsGrid() throws Exception {
        Tools.requirePython("nibabel", "numpy");
        Path ch2 = Tools.requireFile("/usr/share/mricron/templates/ch2.nii.gz", "mricron-data");
        MedicalImage m = NiftiReader.read(ch2);
        Path npy = tmp.resolve("ch2.npy");
        String affine = Tools.runPython(CH2, ch2, npy).trim();
        assertArrayEquals(Npy.read(npy, "ch2").data(), values(m.voxels()));
        assertEquals(List.of(181, 217, 181, VoxelType.UINT8), List.of(m.voxels().width(), m.voxels().height(),
                m.voxels().slices(), m.voxels().type()));
        assertAffine(((NiftiHeader) m.header()).affine(), affine);
        assertArrayEquals(new double[] {-90, -125, -71}, m.calibration().origin(), 1e-6, "RAS origin as nibabel shows it");
        assertEquals("mm", m.calibration().unit());

        List<Object> labels = new ArrayList<>();
        for (Object plane : m.voxels().planes()) {
            byte[] src = (byte[]) plane, lab = new byte[src.length];
            for (int i = 0; i < src.length; i++)
                lab[i] = (byte) ((src[i] & 0xff) > 100 ? 1 : 0);
            labels.add(lab);
        }
        Voxels lv = new Voxels(181, 217, 181, 1, 1, VoxelType.UINT8, labels);
        Path out = tmp.resolve("ch2-labels.nii.gz");
        NiftiWriter.write(m.withVoxels(lv), true, out);
        assertEquals("same grid", Tools.runPython(CH2_LABELS, ch2, out).trim());
    }

    static void assertAffine(double[][] expected, String printed) {
        String[] p = printed.replaceFirst("^(affine|qform) ", "").trim().split(" ");
        assertEquals(12, p.length, printed);
        for (int i = 0; i < 12; i++)
            assertEquals(expected[i / 4][i % 4], Double.parseDouble(p[i]), 1e-5 * Math.max(1, Math.abs(expected[i / 4][i % 4])),
                    "affine entry " + i + " of " + printed);
    }
}
