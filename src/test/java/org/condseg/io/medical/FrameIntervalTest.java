package org.condseg.io.medical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.condseg.Tools;
import org.condseg.io.metaimage.MetaImageReader;
import org.condseg.io.metaimage.MetaImageWriter;
import org.condseg.io.nifti.NiftiReader;
import org.condseg.io.nifti.NiftiWriter;
import org.condseg.io.nrrd.NrrdReader;
import org.condseg.io.nrrd.NrrdWriter;
import org.condseg.model.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The time between frames of a 4D image survives every format that can hold it: NIfTI (pixdim[4] with
 * xyzt_units' time unit), MetaImage (the fourth ElementSpacing, in seconds) and NRRD (the frames' axis of
 * kind {@code time} with its {@code spacings} and {@code units} values), read → write → read.
 */
class FrameIntervalTest {

    @TempDir
    Path tmp;

    private static MedicalImage movie(double interval, String unit, Geometry g) {
        Voxels v = TestVolumes.random(VoxelType.UINT16, 5, 4, 3, 4);
        Calibration cal = new Calibration(new double[] {0.7, 1.3, 2.5}, "mm", new double[3]).withFrameInterval(interval, unit);
        return new MedicalImage(v, cal, g, null, List.of());
    }

    private static MedicalImage write(MedicalImage m, Path f) throws Exception {
        String name = f.getFileName().toString();
        if (name.endsWith(".nrrd"))
            NrrdWriter.write(m, f, true);
        else if (name.endsWith(".mha") || name.endsWith(".mhd"))
            MetaImageWriter.write(m, f, name.endsWith(".mha"));
        else
            NiftiWriter.write(m, false, f);
        return read(f);
    }

    private static MedicalImage read(Path f) throws Exception {
        String name = f.getFileName().toString();
        if (name.endsWith(".nrrd"))
            return NrrdReader.read(f);
        if (name.endsWith(".mha") || name.endsWith(".mhd"))
            return MetaImageReader.read(f);
        return NiftiReader.read(f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.nii", "a.nii.gz", "a.mha", "a.mhd", "a.nrrd"})
    void theFrameIntervalSurvivesReadWriteRead(String name) throws Exception {
        for (Geometry g : new Geometry[] {null, TestVolumes.OBLIQUE}) {
            MedicalImage first = write(movie(2.5, "sec", g), tmp.resolve(name));
            assertEquals(4, first.voxels().frames());
            assertEquals(2.5, first.calibration().frameInterval(), 1e-9, name + " written");
            assertEquals("sec", first.calibration().timeUnit(), name);
            // read → write → read: a second generation keeps it too (the NIfTI one through its own header)
            Path again = tmp.resolve("again-" + name);
            MedicalImage second = write(first, again);
            assertEquals(2.5, second.calibration().frameInterval(), 1e-9, name + " rewritten");
            assertEquals("sec", second.calibration().timeUnit(), name);
        }
    }

    @Test
    void nrrdAndNiftiKeepTheTimeUnitMetaImageConvertsToSeconds() throws Exception {
        MedicalImage ms = movie(250, "ms", null);
        assertEquals("ms", write(ms, tmp.resolve("b.nrrd")).calibration().timeUnit());
        assertEquals(250, write(ms, tmp.resolve("b.nrrd")).calibration().frameInterval(), 1e-9);
        MedicalImage nifti = write(ms, tmp.resolve("b.nii"));
        assertEquals(250, nifti.calibration().frameInterval(), 1e-4);
        assertEquals("ms", nifti.calibration().timeUnit());
        MedicalImage meta = write(ms, tmp.resolve("b.mha"));
        assertEquals(0.25, meta.calibration().frameInterval(), 1e-9);
        assertEquals("sec", meta.calibration().timeUnit());
        // minutes have no NIfTI code: written in seconds
        MedicalImage min = write(movie(1.5, "min", null), tmp.resolve("c.nii"));
        assertEquals(90, min.calibration().frameInterval(), 1e-4);
        assertEquals("sec", min.calibration().timeUnit());
    }

    /** The complaint: a 4D image written as MHA had the frame spacing 1, as NRRD none at all. */
    @Test
    void theHeadersStateTheFrameSpacing() throws Exception {
        MedicalImage m = movie(2.5, "sec", TestVolumes.OBLIQUE);
        MetaImageWriter.write(m, tmp.resolve("d.mhd"), false);
        String mhd = Files.readString(tmp.resolve("d.mhd"), StandardCharsets.ISO_8859_1);
        assertTrue(mhd.contains("NDims = 4\n"), mhd);
        assertTrue(mhd.contains("ElementSpacing = 0.7 1.3 2.5 2.5\n"), mhd);

        NrrdWriter.write(m, tmp.resolve("d.nrrd"), false);
        byte[] bytes = Files.readAllBytes(tmp.resolve("d.nrrd"));
        String nrrd = new String(bytes, 0, Math.min(bytes.length, 600), StandardCharsets.ISO_8859_1);
        nrrd = nrrd.substring(0, nrrd.indexOf("\n\n") + 1);
        assertTrue(nrrd.contains("kinds: domain domain domain time\n"), nrrd);
        assertTrue(nrrd.contains("spacings: nan nan nan 2.5\n"), nrrd);
        assertTrue(nrrd.contains("units: \"\" \"\" \"\" \"sec\"\n"), nrrd);
        assertTrue(nrrd.contains("space directions: ") && nrrd.contains(" none\n"), nrrd);
    }

    @Test
    void anImageWithoutAFrameIntervalStaysWithoutOne() throws Exception {
        MedicalImage m = movie(0, "sec", null);
        for (String name : new String[] {"e.nii", "e.nrrd"}) {
            MedicalImage back = write(m, tmp.resolve(name));
            assertFalse(back.calibration().timed(), name);
        }
        NrrdWriter.write(m, tmp.resolve("e.nrrd"), false);
        assertFalse(Files.readString(tmp.resolve("e.nrrd"), StandardCharsets.ISO_8859_1).contains("spacings:"));
    }

    @Test
    void hostileFrameSpacingsAreNotTakenAsIntervals() throws Exception {
        MedicalImage m = movie(2.5, "sec", null);
        Path f = tmp.resolve("f.mhd");
        MetaImageWriter.write(m, f, false);
        for (String bad : new String[] {"-2", "0", "-0"}) {
            Files.writeString(f, Files.readString(f).replaceFirst("ElementSpacing = .*\n", "ElementSpacing = 0.7 1.3 2.5 " + bad + "\n"));
            MedicalImage back = MetaImageReader.read(f);
            assertFalse(back.calibration().timed(), bad + ": " + back.calibration());
        }
    }

    /** A NRRD header as Teem writes one for a time series (no space: spacings for every axis, a unit per axis). */
    @Test
    void aHandWrittenNrrdTimeSeriesGivesItsIntervalAndUnit() throws Exception {
        Path f = tmp.resolve("g.nrrd");
        String head = "NRRD0004\ntype: uint8\ndimension: 4\nsizes: 2 2 1 3\nkinds: domain domain domain time\n"
                + "spacings: 0.5 0.5 2 40\nunits: \"mm\" \"mm\" \"mm\" \"ms\"\nencoding: raw\n\n";
        Files.write(f, concat(head.getBytes(StandardCharsets.ISO_8859_1), new byte[12]));
        MedicalImage m = NrrdReader.read(f);
        assertEquals(3, m.voxels().frames());
        assertEquals(40, m.calibration().frameInterval(), 1e-12);
        assertEquals("ms", m.calibration().timeUnit());
        Files.write(f, concat(head.replace("\"ms\"", "").getBytes(StandardCharsets.ISO_8859_1), new byte[12]));
        org.junit.jupiter.api.Assertions.assertThrows(org.condseg.model.InputException.class, () -> NrrdReader.read(f));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** nibabel, an independent reader and writer, agrees on pixdim[4] and its unit. */
    @Test
    void nibabelReadsOurFrameIntervalAndWeReadItsOwn() throws Exception {
        Tools.requirePython("nibabel");
        Path ours = tmp.resolve("ours.nii.gz");
        NiftiWriter.write(movie(0.8, "sec", TestVolumes.OBLIQUE), false, ours);
        String zooms = Tools.runPython(String.join("\n", "import sys, nibabel as nib",
                "h = nib.load(sys.argv[1]).header",
                "print(h.get_zooms()[3], h.get_xyzt_units()[1])"), ours).trim();
        assertEquals("0.8 sec", zooms.replaceFirst("^0\\.800000011920929", "0.8"));

        Path theirs = tmp.resolve("theirs.nii.gz");
        Tools.runPython(String.join("\n", "import sys, numpy as np, nibabel as nib",
                "img = nib.Nifti1Image(np.zeros((5, 4, 3, 6), np.int16), np.diag([0.5, 0.5, 2, 1]))",
                "img.header.set_zooms((0.5, 0.5, 2, 40.0)); img.header.set_xyzt_units('mm', 'msec')",
                "nib.save(img, sys.argv[1])"), theirs);
        MedicalImage back = NiftiReader.read(theirs);
        assertEquals(6, back.voxels().frames());
        assertEquals(40, back.calibration().frameInterval(), 1e-9);
        assertEquals("ms", back.calibration().timeUnit());
    }
}
