package org.condseg.io.nrrd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.io.medical.TestVolumes;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NRRD: round trips, headers as Slicer and Teem write them, hostile headers. */
class NrrdTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"true,UINT8,1", "false,UINT16,1", "true,FLOAT32,2"})
    void roundTrips(boolean gzip, VoxelType type, int frames) throws Exception {
        Voxels v = TestVolumes.random(type, 6, 5, 4, frames);
        Path f = tmp.resolve("a.nrrd");
        NrrdWriter.write(new MedicalImage(v, Calibration.NONE, TestVolumes.OBLIQUE, null, List.of()), f, gzip);
        MedicalImage back = NrrdReader.read(f);
        double[][] a = TestVolumes.OBLIQUE.affine(), b = back.geometry().affine();
        for (int r = 0; r < 3; r++)
            assertArrayEquals(a[r], b[r], 1e-12);
        for (int i = 0; i < v.planes().size(); i++)
            assertTrue(java.util.Objects.deepEquals(v.planes().get(i), back.voxels().planes().get(i)), "plane " + i);
        assertEquals(frames, back.voxels().frames());
    }

    @Test
    void readsSlicerStyleRasGzipWithAStructuredHeader() throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            for (short s : new short[] {-1024, 10, 20, 30, 40, 50})
                g.write(new byte[] {(byte) (s >> 8), (byte) s});
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(("NRRD0004\n# Complete NRRD file format specification at:\n# http://teem.sourceforge.net/nrrd/format.html\n"
                + "type: short\ndimension: 3\nspace: right-anterior-superior\nsizes: 3 2 1\n"
                + "space directions: (0.5,0,0) (0,0.75,0) (0,0,2.5)\nkinds: domain domain domain\nendian: big\n"
                + "encoding: gzip\nspace origin: (-100,-50.5,20)\nDICOM_ID:=something\n\n").getBytes(StandardCharsets.US_ASCII));
        file.write(z.toByteArray());
        Path f = tmp.resolve("slicer.nrrd");
        Files.write(f, file.toByteArray());
        MedicalImage m = NrrdReader.read(f);
        assertArrayEquals(new float[] {-1024, 10, 20, 30, 40, 50}, (float[]) m.voxels().planes().get(0));
        double[][] a = m.geometry().affine();
        assertArrayEquals(new double[] {-0.5, 0, 0, 100}, a[0], 1e-12, "RAS converted to LPS");
        assertArrayEquals(new double[] {0, -0.75, 0, 50.5}, a[1], 1e-12);
        assertArrayEquals(new double[] {-100, -50.5, 20}, m.calibration().origin(), "the file's own origin");
    }

    @Test
    void readsDetachedHeadersSpacingsAndSkips() throws Exception {
        Files.write(tmp.resolve("d.raw"), new byte[] {'x', '\n', 9, 9, 1, 2, 3, 4});
        Path f = tmp.resolve("d.nhdr");
        Files.writeString(f, "NRRD0001\ntype: uchar\ndimension: 2\nsizes: 2 2\nspacings: 0.25 4\nencoding: raw\n"
                + "data file: d.raw\nline skip: 1\nbyte skip: 2\n");
        MedicalImage m = NrrdReader.read(f);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, (byte[]) m.voxels().planes().get(0));
        assertNull(m.geometry());
        assertArrayEquals(new double[] {0.25, 4, 1}, m.calibration().spacing());
    }

    @Test
    void hostileHeadersAreRefusedFast() throws Exception {
        String ok = "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2 2 2\nencoding: raw\n\n";
        refused("huge.nrrd", ok.replace("sizes: 2 2 2", "sizes: 40000 40000 40000"), "follow the header");
        refused("zero.nrrd", ok.replace("sizes: 2 2 2", "sizes: 2 0 2"), "at least 1");
        refused("bomb.nrrd", ok.replace("sizes: 2 2 2", "sizes: 30000 30000 30000").replace("raw", "gzip"), "compressed file");
        refused("text.nrrd", ok.replace("raw", "text"), "encoding 'text'");
        refused("bz.nrrd", ok.replace("raw", "bzip2"), "encoding 'bzip2'");
        refused("magic.nrrd", ok.replace("NRRD0004", "NRRX0004"), "magic");
        refused("outside.nhdr", ok.replace("encoding: raw", "encoding: raw\ndata file: ../x.raw"), "outside");
        refused("interleaved.nrrd", ok.replace("encoding: raw", "encoding: raw\nspace: LPS\nspace directions: none (1,0,0) (0,1,0)"),
                "non-spatial axis comes before");
        refused("truncated.nrrd", ok + "\u0001\u0002", "follow the header");
        refused("noheaderend.nrrd", "NRRD0004\ntype: uint8\n", "lacks 'dimension'");
        refused("type.nrrd", ok.replace("uint8", "block"), "type 'block'");
    }

    private void refused(String name, String content, String reason) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.ISO_8859_1));
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(InputException.class, () -> NrrdReader.read(f)));
        assertTrue(e.getMessage().contains(reason), name + ": " + e.getMessage());
    }

    @Test
    void aGeometryWithoutSourceIsWrittenAligned() throws Exception {
        Voxels v = TestVolumes.random(VoxelType.UINT8, 3, 3, 2, 1);
        Path f = tmp.resolve("c.nrrd");
        NrrdWriter.write(new MedicalImage(v, new Calibration(new double[] {0.5, 0.5, 3}, "mm", new double[] {1, 2, 3}), null, null,
                List.of()), f, false);
        MedicalImage m = NrrdReader.read(f);
        assertEquals(Geometry.aligned(new double[] {0.5, 0.5, 3}, new double[] {1, 2, 3}), m.geometry());
    }
}
