package org.condseg.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DICOM parser on hand-built files: values read, sequences skipped, hostile lengths refused. */
class DicomParserTest {

    @TempDir
    Path tmp;

    /** Builds explicit VR little-endian files element by element. */
    static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer() {
            out.writeBytes(new byte[128]);
            out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
            element(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII));
        }

        Writer element(int group, int element, String vr, byte[] value) {
            ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
            boolean longForm = vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN");
            if (longForm)
                b.putShort((short) 0).putInt(value.length);
            else
                b.putShort((short) value.length);
            out.write(b.array(), 0, b.position());
            out.writeBytes(value);
            return this;
        }

        Writer string(int group, int element, String vr, String v) {
            return element(group, element, vr, (v.length() % 2 == 1 ? v + " " : v).getBytes(StandardCharsets.US_ASCII));
        }

        Writer us(int group, int element, int v) {
            return element(group, element, "US", new byte[] {(byte) v, (byte) (v >> 8)});
        }

        Writer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Path save(Path p) throws Exception {
            return Files.write(p, out.toByteArray());
        }
    }

    static Writer slice(int rows, int cols, String position) {
        return new Writer().string(0x0020, 0x000E, "UI", "1.2.3").string(0x0020, 0x0032, "DS", position)
                .string(0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0").us(0x0028, 0x0002, 1).string(0x0028, 0x0004, "CS", "MONOCHROME2")
                .us(0x0028, 0x0010, rows).us(0x0028, 0x0011, cols).string(0x0028, 0x0030, "DS", "0.5\\0.25")
                .us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 16).us(0x0028, 0x0103, 0);
    }

    static byte[] pixels(int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v)
            b.putShort((short) x);
        return b.array();
    }

    @Test
    void readsASeriesWithAnUndefinedLengthSequenceBeforeThePixels() throws Exception {
        byte[] nested = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1) // item of undefined length
                .putShort((short) 0x0008).putShort((short) 0x0100).put("SH".getBytes()).putShort((short) 4).put("ABCD".getBytes())
                .putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0) // item end
                .putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0).array(); // sequence end
        ByteBuffer sq = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x0008).putShort((short) 0x1140)
                .put("SQ".getBytes()).putShort((short) 0).putInt(-1);
        for (int z = 0; z < 3; z++)
            slice(2, 3, "0\\0\\" + (10 - 3 * z)).raw(sq.array()).raw(java.util.Arrays.copyOf(nested, 36))
                    .element(0x7FE0, 0x0010, "OW", pixels(z, 1, 2, 3, 4, 60000)).save(tmp.resolve("s" + z));
        MedicalImage m = DicomReader.read(tmp);
        assertEquals(VoxelType.UINT16, m.voxels().type());
        assertArrayEquals(new short[] {2, 1, 2, 3, 4, (short) 60000}, (short[]) m.voxels().planes().get(0), "lowest z first");
        assertArrayEquals(new double[] {0.25, 0.5, 3}, m.geometry().spacing(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 4}, m.geometry().origin(), 1e-12);
    }

    @Test
    void aGantryTiltedSeriesIsRefusedNotMisplaced() throws Exception {
        // 15° tilt: each slice 2 mm further along z and tan(15°) × 2 mm further along y
        Path dir = Files.createDirectories(tmp.resolve("tilted"));
        for (int z = 0; z < 4; z++)
            slice(2, 2, String.format(java.util.Locale.ROOT, "0\\%.6f\\%d", z * 2 * Math.tan(Math.toRadians(15)), 2 * z))
                    .element(0x7FE0, 0x0010, "OW", pixels(1, 2, 3, 4)).save(dir.resolve("t" + z));
        InputException e = assertThrows(InputException.class, () -> DicomReader.read(dir));
        assertTrue(e.getMessage().contains("gantry-tilted series (the slices drift 15.0° off their normal"), e.getMessage());
        assertEquals(3, e.exitCode());
        Path straight = Files.createDirectories(tmp.resolve("straight"));
        for (int z = 0; z < 4; z++)
            slice(2, 2, "0\\0.001\\" + 2 * z).element(0x7FE0, 0x0010, "OW", pixels(1, 2, 3, 4)).save(straight.resolve("s" + z));
        assertEquals(4, DicomReader.read(straight).voxels().planes().size(), "a drift of rounding size is no tilt");
    }

    @Test
    void hostileFilesAreRefusedFast() throws Exception {
        refused("len", slice(2, 2, "0\\0\\0").raw(new byte[] {0x10, 0, 0x10, 0, 'L', 'O', (byte) 0xF0, 0x7F}), "past the end");
        refused("pixels", slice(30000, 30000, "0\\0\\0").element(0x7FE0, 0x0010, "OW", pixels(1, 2)), "shorter than");
        refused("encapsulated", slice(2, 2, "0\\0\\0").raw(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x7FE0).putShort((short) 0x0010).put("OB".getBytes()).putShort((short) 0).putInt(-1).array()),
                "encapsulated");
        ByteBuffer deep = ByteBuffer.allocate(20 * 20).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 20; i++)
            deep.putShort((short) 0x0008).putShort((short) 0x1140).put("SQ".getBytes()).putShort((short) 0).putInt(-1)
                    .putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        refused("deep", slice(2, 2, "0\\0\\0").raw(deep.array()), "nested deeper");
        refused("bits", slice(2, 2, "0\\0\\0").us(0x0028, 0x0101, 17).element(0x7FE0, 0x0010, "OW", pixels(1, 2, 3, 4)), "bits stored");
        Writer same = slice(1, 1, "0\\0\\0").element(0x7FE0, 0x0010, "OW", pixels(1));
        Path dir = Files.createDirectories(tmp.resolve("dup"));
        same.save(dir.resolve("a"));
        same.save(dir.resolve("b"));
        InputException e = assertThrows(InputException.class, () -> DicomReader.read(dir));
        assertTrue(e.getMessage().contains("share one position"), e.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "nothing here");
        e = assertThrows(InputException.class, () -> DicomReader.read(empty));
        assertTrue(e.getMessage().contains("no readable DICOM image among its 1 file"), e.getMessage());
    }

    private void refused(String name, Writer w, String reason) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path f = w.save(dir.resolve(name + ".dcm"));
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(InputException.class, () -> DicomReader.read(f)));
        assertTrue(e.getMessage().contains(reason), name + ": " + e.getMessage());
    }
}
