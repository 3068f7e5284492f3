package org.condseg.io.metaimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

import org.condseg.io.medical.TestVolumes;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MetaImage: round trips (.mha/.mhd, compressed or not), headers as ITK writes them, hostile headers. */
class MetaImageTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"a.mha,true,UINT8,1", "a.mha,false,UINT16,1", "a.mhd,true,FLOAT32,1", "a.mhd,false,UINT8,3", "b.mha,true,UINT16,2"})
    void roundTrips(String name, boolean compress, VoxelType type, int frames) throws Exception {
        Voxels v = TestVolumes.random(type, 7, 5, 3, frames);
        Path f = tmp.resolve(name);
        MetaImageWriter.write(new MedicalImage(v, Calibration.NONE, TestVolumes.OBLIQUE, null, List.of()), f, compress);
        MedicalImage back = MetaImageReader.read(f);
        assertEquals(TestVolumes.OBLIQUE, back.geometry(), "geometry kept exactly");
        assertArrayEquals(TestVolumes.OBLIQUE.origin(), back.calibration().origin());
        for (int i = 0; i < v.planes().size(); i++)
            assertTrue(java.util.Objects.deepEquals(v.planes().get(i), back.voxels().planes().get(i)), "plane " + i);
        assertEquals(frames, back.voxels().frames());
        try (var s = Files.list(tmp)) {
            assertEquals(name.endsWith(".mhd") ? 2 : 1, s.count(), "no temporary files left");
        }
    }

    @Test
    void twoDimensionalImagesFromACalibrationStayTwoDimensional() throws Exception {
        Voxels v = TestVolumes.random(VoxelType.UINT8, 4, 3, 1, 1);
        Path f = tmp.resolve("flat.mha");
        MetaImageWriter.write(new MedicalImage(v, new Calibration(new double[] {0.5, 0.5, 1}, "mm", new double[] {1, 2, 0}),
                null, null, List.of()), f, false);
        String header = Files.readString(f, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("ObjectType = Image\nNDims = 2\n"), header);
        assertTrue(header.contains("Offset = 1 2\n"), header);
        assertArrayEquals(new double[] {0.5, 0.5, 1}, MetaImageReader.read(f).calibration().spacing());
    }

    @Test
    void readsBigEndianShortsWithASeparateFileAndHeaderSize() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16 + 12).order(ByteOrder.BIG_ENDIAN);
        b.position(16);
        for (short s : new short[] {-1000, 0, 40, 3000, -5, 7})
            b.putShort(s);
        Files.write(tmp.resolve("ct.raw"), b.array());
        Path f = tmp.resolve("ct.mhd");
        Files.writeString(f, "ObjectType = Image\r\nNDims = 3\r\nBinaryData = True\r\nBinaryDataByteOrderMSB = True\r\n"
                + "CompressedData = False\r\nTransformMatrix = 1 0 0 0 1 0 0 0 1\r\nOffset = 0 0 0\r\nElementSpacing = 1 1 1\r\n"
                + "DimSize = 3 2 1\r\nHeaderSize = 16\r\nElementType = MET_SHORT\r\nElementDataFile = ct.raw\r\n");
        MedicalImage m = MetaImageReader.read(f);
        assertEquals(VoxelType.FLOAT32, m.voxels().type());
        assertArrayEquals(new float[] {-1000, 0, 40, 3000, -5, 7}, (float[]) m.voxels().planes().get(0));
        Files.writeString(f, Files.readString(f).replace("HeaderSize = 16", "HeaderSize = -1"));
        assertArrayEquals(new float[] {-1000, 0, 40, 3000, -5, 7}, (float[]) MetaImageReader.read(f).voxels().planes().get(0));
    }

    @Test
    void readsZlibDataAsItkWritesItWithTheDirectionOfEachAxisInTurn() throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(new byte[] {1, 2, 3, 4, 5, 6});
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(("ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\nCompressedData = True\n"
                + "CompressedDataSize = " + z.size() + "\nTransformMatrix = 0 1 0 -1 0 0 0 0 1\nOffset = 10 20 30\n"
                + "CenterOfRotation = 0 0 0\nAnatomicalOrientation = RAI\nElementSpacing = 0.5 2 3\nDimSize = 1 2 3\n"
                + "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n").getBytes(StandardCharsets.US_ASCII));
        file.write(z.toByteArray());
        Path f = tmp.resolve("itk.mha");
        Files.write(f, file.toByteArray());
        MedicalImage m = MetaImageReader.read(f);
        assertArrayEquals(new byte[] {3, 4}, (byte[]) m.voxels().planes().get(1));
        double[][] a = m.geometry().affine();
        assertArrayEquals(new double[] {0, -2, 0, 10}, a[0], 1e-12, "axis 1 points along -x");
        assertArrayEquals(new double[] {0.5, 0, 0, 20}, a[1], 1e-12, "axis 0 points along +y");
    }

    @Test
    void hostileHeadersAreRefusedFast() throws Exception {
        String ok = "NDims = 3\nDimSize = 2 2 2\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n";
        refused("huge.mha", ok.replace("DimSize = 2 2 2", "DimSize = 40000 40000 40000"), "follow the header");
        refused("neg.mha", ok.replace("DimSize = 2 2 2", "DimSize = 2 -2 2"), "at least 1");
        refused("nd.mha", ok.replace("NDims = 3", "NDims = 7").replace("DimSize = 2 2 2", "DimSize = 2 2 2 2 2 2 2"), "NDims is 7");
        refused("count.mha", ok.replace("DimSize = 2 2 2", "DimSize = 2 2"), "expected 3");
        refused("type.mha", ok.replace("MET_UCHAR", "MET_STRING"), "ElementType");
        refused("outside.mhd", ok.replace("LOCAL", "../../etc/passwd"), "outside the header's folder");
        refused("absolute.mhd", ok.replace("LOCAL", "/dev/zero"), "outside the header's folder");
        refused("list.mhd", ok.replace("LOCAL", "LIST"), "multi-file");
        refused("bomb2.mha", ok.replace("DimSize = 2 2 2", "DimSize = 30000 30000 30000")
                .replace("NDims", "CompressedData = True\nNDims"), "compressed file");
        refused("truncated.mha", ok + "\u0001\u0002\u0003", "truncated");
        refused("binary.mha", "NDims = 3\u0000\n", "binary");
        refused("channels.mha", "ElementNumberOfChannels = 3\n" + ok, "multi-channel");
    }

    private void refused(String name, String content, String reason) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.ISO_8859_1));
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(InputException.class, () -> MetaImageReader.read(f)));
        assertTrue(e.getMessage().contains(reason), name + ": " + e.getMessage());
    }

    @Test
    void rgbIsRefusedOnWriting() {
        Voxels v = new Voxels(1, 1, 1, 1, 1, VoxelType.RGB, List.of(new int[1]));
        assertThrows(IllegalArgumentException.class,
                () -> MetaImageWriter.write(new MedicalImage(v, Calibration.NONE, null, null, List.of()), tmp.resolve("c.mha"), true));
        assertNull(MetaImageWriter.refusal(new MedicalImage(TestVolumes.random(VoxelType.UINT8, 1, 1, 1, 1), Calibration.NONE, null, null,
                List.of())));
    }
}
