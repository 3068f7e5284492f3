package org.condseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.TestVolumes;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** NIfTI read/write in Java alone: round trips, exact headers, hostile files. */
class NiftiTest {

    @TempDir
    Path tmp;

    static Voxels random(VoxelType type, int w, int h, int z, int t, int c, long seed) {
        return TestVolumes.random(type, w, h, z, t, c, seed);
    }

    static void assertSameVoxels(Voxels a, Voxels b) {
        assertEquals(List.of(a.width(), a.height(), a.slices(), a.channels(), a.frames(), a.type()),
                List.of(b.width(), b.height(), b.slices(), b.channels(), b.frames(), b.type()));
        for (int i = 0; i < a.planes().size(); i++)
            assertTrue(Arrays.deepEquals(new Object[] {a.planes().get(i)}, new Object[] {b.planes().get(i)}), "plane " + i);
    }

    @ParameterizedTest
    @EnumSource(VoxelType.class)
    void roundTripsEveryTypeIn5DGzipped(VoxelType type) throws Exception {
        Voxels v = random(type, 7, 5, 3, 2, 2, type.ordinal());
        Geometry g = Geometry.fromAffine(new double[][] {{0, 0.9, 0, 12.5}, {-1.1, 0, 0, -40}, {0, 0, 3, 7}});
        MedicalImage m = new MedicalImage(v, new Calibration(new double[] {1.1, 0.9, 3}, "mm", new double[3]), g, null, List.of());
        Path f = tmp.resolve("v.nii.gz");
        NiftiWriter.write(m, false, f);
        MedicalImage back = NiftiReader.read(f);
        assertSameVoxels(v, back.voxels());
        assertGeometry(g, back.geometry(), 1e-5);
        assertArrayEquals(new double[] {1.1, 0.9, 3}, back.calibration().spacing(), 1e-6);
        assertEquals("mm", back.calibration().unit());
    }

    @Test
    void aLabelImageCarriesItsTemplateHeaderExactly() throws Exception {
        NiftiHeader src = oblique(1, 9, 8, 4);
        Voxels v = random(VoxelType.UINT8, 9, 8, 4, 1, 1, 3);
        Path f = tmp.resolve("labels.nii");
        NiftiWriter.write(new MedicalImage(v, Calibration.NONE, src.geometry(), src, List.of()), true, f);
        NiftiHeader out = NiftiReader.readHeader(f);
        assertEquals(src.qform(), out.qform());
        assertEquals(src.sform(), out.sform());
        assertArrayEquals(src.pixdim(), out.pixdim());
        assertEquals(src.xyztUnits(), out.xyztUnits());
        assertEquals(NiftiHeader.INTENT_LABEL, out.intent().code());
        assertEquals(NiftiHeader.DT_UINT8, out.datatype());
        assertEquals(1, out.sclSlope());
        assertEquals(0, out.sclInter());
        assertArrayEquals(new long[] {3, 9, 8, 4, 1, 1, 1, 1}, out.dim());
    }

    @Test
    void nifti2HeadersRoundTripBitForBit() throws Exception {
        NiftiHeader src = oblique(2, 5, 4, 3);
        byte[] bytes = NiftiHeaderCodec.encode(src);
        NiftiHeader back = NiftiHeaderCodec.decode(Arrays.copyOf(bytes, NiftiHeaderCodec.SIZE_2), Path.of("x.nii"));
        assertEquals(src, back);
        NiftiHeader v1 = oblique(1, 5, 4, 3);
        assertEquals(v1, NiftiHeaderCodec.decode(Arrays.copyOf(NiftiHeaderCodec.encode(v1), NiftiHeaderCodec.SIZE_1), Path.of("x.nii")));
    }

    @Test
    void quaternionsRoundTripThroughAffines() {
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            double b = r.nextGaussian(), c = r.nextGaussian(), d = r.nextGaussian(), a = r.nextGaussian();
            double n = Math.sqrt(a * a + b * b + c * c + d * d) * Math.signum(a == 0 ? 1 : a);
            double qfac = r.nextBoolean() ? 1 : -1;
            double[][] m = Quaternions.toAffine(b / n, c / n, d / n, 1, 2, 3, 0.5, 2, 3.5, qfac);
            double[] q = Quaternions.fromAffine(m);
            double[][] m2 = Quaternions.toAffine(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8], q[9]);
            for (int row = 0; row < 3; row++)
                assertArrayEquals(m[row], m2[row], 1e-9, "affine " + Arrays.deepToString(m));
            assertEquals(qfac, q[9]);
        }
    }

    @Test
    void appliesSlopeAndInterceptAndReadsBigEndian() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(2 * 6).order(ByteOrder.BIG_ENDIAN);
        short[] raw = {-3, 0, 7, 100, -1000, 32767};
        for (short s : raw)
            data.putShort(s);
        Path f = tmp.resolve("be.nii");
        Files.write(f, file(NiftiHeader.DT_INT16, new long[] {2, 3, 2}, 2.5, -1, ByteOrder.BIG_ENDIAN, data.array()));
        MedicalImage m = NiftiReader.read(f);
        assertEquals(VoxelType.FLOAT32, m.voxels().type());
        float[] p = (float[]) m.voxels().planes().get(0);
        for (int i = 0; i < 6; i++)
            assertEquals(raw[i] * 2.5f - 1, p[i]);
    }

    @Test
    void keepsNonNegativeInt16As16BitAndNegativeAsFloat() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 1).putShort((short) 2)
                .putShort((short) 30000).putShort((short) 4);
        Path f = tmp.resolve("s.nii");
        Files.write(f, file(NiftiHeader.DT_INT16, new long[] {2, 2, 2}, Double.NaN, 0, ByteOrder.LITTLE_ENDIAN, data.array()));
        MedicalImage m = NiftiReader.read(f);
        assertEquals(VoxelType.UINT16, m.voxels().type());
        assertArrayEquals(new short[] {1, 2, 30000, 4}, (short[]) m.voxels().planes().get(0));
        data.putShort(0, (short) -5);
        Files.write(f, file(NiftiHeader.DT_INT16, new long[] {2, 2, 2}, 0, 0, ByteOrder.LITTLE_ENDIAN, data.array()));
        m = NiftiReader.read(f);
        assertEquals(VoxelType.FLOAT32, m.voxels().type());
        assertArrayEquals(new float[] {-5, 2, 30000, 4}, (float[]) m.voxels().planes().get(0));
        assertTrue(m.notes().get(0).contains("negative"), m.notes().toString());
    }

    @Test
    void withoutTransformsTheGeometryIsUnknownAndCodesStayZero() throws Exception {
        Path f = tmp.resolve("plain.nii");
        Files.write(f, file(NiftiHeader.DT_UINT8, new long[] {3, 2, 2, 1}, 1, 0, ByteOrder.LITTLE_ENDIAN, new byte[4]));
        MedicalImage m = NiftiReader.read(f);
        assertNull(m.geometry());
        Path out = tmp.resolve("out.nii");
        NiftiWriter.write(m, true, out);
        NiftiHeader h = NiftiReader.readHeader(out);
        assertEquals(0, h.qform().code());
        assertEquals(0, h.sform().code());
        assertArrayEquals(new long[] {3, 2, 2, 1, 1, 1, 1, 1}, h.dim(), "a 3D input with one slice stays 3D");
    }

    @Test
    void hostileHeadersAreRefusedFastWithoutAllocating() throws Exception {
        byte[] good = file(NiftiHeader.DT_FLOAT32, new long[] {3, 4, 4, 4}, 1, 0, ByteOrder.LITTLE_ENDIAN, new byte[256]);
        assertNotNull(NiftiReader.read(write("good.nii", good)));
        assertRefused("truncated.nii", Arrays.copyOf(good, good.length - 1), "follow the header");
        assertRefused("huge.nii", file(NiftiHeader.DT_FLOAT64, new long[] {3, 32767, 32767, 32767}, 1, 0,
                ByteOrder.LITTLE_ENDIAN, new byte[256]), "follow the header");
        assertRefused("negative.nii", file(NiftiHeader.DT_UINT8, new long[] {3, 4, -4, 4}, 1, 0, ByteOrder.LITTLE_ENDIAN,
                new byte[64]), "dim[2] is -4");
        assertRefused("zero.nii", file(NiftiHeader.DT_UINT8, new long[] {3, 4, 0, 4}, 1, 0, ByteOrder.LITTLE_ENDIAN,
                new byte[64]), "dim[2] is 0");
        assertRefused("rank.nii", file(NiftiHeader.DT_UINT8, new long[] {9, 4, 4, 4}, 1, 0, ByteOrder.LITTLE_ENDIAN,
                new byte[64]), "dim[0] is 9");
        assertRefused("6d.nii", file(NiftiHeader.DT_UINT8, new long[] {6, 2, 2, 1, 1, 1, 2}, 1, 0, ByteOrder.LITTLE_ENDIAN,
                new byte[16]), "6D and 7D");
        assertRefused("complex.nii", file(NiftiHeader.DT_COMPLEX64, new long[] {1, 2}, 1, 0, ByteOrder.LITTLE_ENDIAN,
                new byte[16]), "complex64");
        byte[] badSize = good.clone();
        badSize[0] = 99;
        assertRefused("sizeof.nii", badSize, "sizeof_hdr");
        byte[] badOffset = good.clone();
        ByteBuffer.wrap(badOffset).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, 100);
        assertRefused("offset.nii", badOffset, "vox_offset");
        ByteBuffer.wrap(badOffset).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, 1e12f);
        assertRefused("offset2.nii", badOffset, "vox_offset");
        assertRefused("short.nii", new byte[] {92, 1, 0}, "too short");
        assertRefused("header.nii", Arrays.copyOf(good, 200), "ends inside");
    }

    @Test
    void hostileGzipFilesAreRefusedFastWithoutAllocating() throws Exception {
        byte[] good = file(NiftiHeader.DT_FLOAT32, new long[] {3, 64, 64, 64}, 1, 0, ByteOrder.LITTLE_ENDIAN, new byte[4 << 18]);
        byte[] gz = gzip(good);
        assertNotNull(NiftiReader.read(write("good.nii.gz", gz)));
        assertRefused("cut.nii.gz", gzip(Arrays.copyOf(good, good.length - 5)), "truncated");
        byte[] bomb = file(NiftiHeader.DT_FLOAT32, new long[] {3, 30000, 30000, 30000}, 1, 0, ByteOrder.LITTLE_ENDIAN, new byte[64]);
        assertRefused("bomb.nii.gz", gzip(bomb), "compressed file");
        byte[] heap = file(NiftiHeader.DT_FLOAT32, new long[] {4, 30000, 30000, 2, 2}, 1, 0, ByteOrder.LITTLE_ENDIAN, new byte[64]);
        byte[] padded = Arrays.copyOf(gzip(heap), 40 << 20); // a large file, so that only the heap check can refuse it
        assertRefused("heap.nii.gz", padded, "Java heap");
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private void assertRefused(String name, byte[] bytes, String reason) throws Exception {
        Path f = write(name, bytes);
        long before = usedMemory();
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThrows(InputException.class,
                () -> NiftiReader.read(f)));
        assertTrue(e.getMessage().contains(reason), name + ": " + e.getMessage());
        assertEquals(f.toString(), e.subject());
        assertTrue(usedMemory() - before < 64 << 20, name + " allocated " + ((usedMemory() - before) >> 20) + " MiB");
    }

    private static long usedMemory() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(b);
        }
        return bo.toByteArray();
    }

    /** A NIfTI-1 file with the given datatype, dim[0..], slope/intercept and data, vox_offset 352. */
    static byte[] file(int datatype, long[] dims, double slope, double inter, ByteOrder order, byte[] data) {
        long[] dim = new long[8];
        Arrays.fill(dim, 1);
        System.arraycopy(dims, 0, dim, 0, dims.length);
        NiftiHeader h = new NiftiHeader(1, dim, datatype, NiftiHeader.bitpix(datatype), new double[] {1, 1, 1, 1, 1, 1, 1, 1},
                352, slope, inter, 0, 0, 2, 0, NiftiHeader.Intent.NONE, NiftiHeader.Slicing.NONE,
                new NiftiHeader.Qform(0, 0, 0, 0, 0, 0, 0), new NiftiHeader.Sform(0, new double[4], new double[4], new double[4]),
                "", "");
        byte[] header = NiftiHeaderCodec.encode(h);
        if (order == ByteOrder.BIG_ENDIAN)
            header = toBigEndian(header);
        byte[] out = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    /** Swaps the multi-byte fields of a NIfTI-1 header written little-endian. */
    private static byte[] toBigEndian(byte[] le) {
        ByteBuffer a = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.wrap(le.clone()).order(ByteOrder.BIG_ENDIAN);
        int[][] shorts = {{36, 1}, {40, 8}, {68, 4}, {120, 1}, {252, 2}};
        int[][] ints = {{0, 1}, {32, 1}, {56, 3}, {76, 8}, {108, 3}, {124, 4}, {140, 2}, {256, 18}};
        for (int[] s : shorts)
            for (int i = 0; i < s[1]; i++)
                b.putShort(s[0] + 2 * i, a.getShort(s[0] + 2 * i));
        for (int[] s : ints)
            for (int i = 0; i < s[1]; i++)
                b.putInt(s[0] + 4 * i, a.getInt(s[0] + 4 * i));
        return b.array();
    }

    /** An oblique header (rotated qform code 1, a different sform code 2, mm and seconds). */
    static NiftiHeader oblique(int version, int w, int h, int d) {
        double[] pixdim = {-1, 0.7f, 0.8f, 2.5, 1.5, 1, 1, 1};
        NiftiHeader.Qform q = new NiftiHeader.Qform(1, 0.1f, -0.2f, 0.3f, -91.25f, 12.5f, -30f);
        NiftiHeader tmp = new NiftiHeader(version, new long[] {3, w, h, d, 1, 1, 1, 1}, 4, 16, pixdim, version == 1 ? 352 : 544,
                1, 0, 0, 0, 10, 57, NiftiHeader.Intent.NONE, new NiftiHeader.Slicing(0, d - 1, 1, 0.1f, 0), q,
                new NiftiHeader.Sform(0, new double[4], new double[4], new double[4]), "oblique", "");
        double[][] a = tmp.qformAffine();
        float[][] f = new float[3][4];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                f[r][c] = (float) (a[r][c] + 0.25 * (r == c ? 1 : 0));
        NiftiHeader.Sform s = new NiftiHeader.Sform(2, toDouble(f[0]), toDouble(f[1]), toDouble(f[2]));
        return new NiftiHeader(version, tmp.dim(), 4, 16, pixdim, tmp.voxOffset(), 1, 0, 0, 0, 10, 57, NiftiHeader.Intent.NONE,
                tmp.slicing(), q, s, "oblique", "");
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++)
            d[i] = f[i];
        return d;
    }

    static void assertGeometry(Geometry expected, Geometry actual, double tol) {
        assertNotNull(actual);
        double[][] a = expected.affine(), b = actual.affine();
        for (int r = 0; r < 3; r++)
            assertArrayEquals(a[r], b[r], tol, "affine row " + r + ": " + expected + " vs " + actual);
    }
}
