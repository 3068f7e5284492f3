package org.condseg.io.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.condseg.model.InputException;

/**
 * NIfTI-1 (348 bytes) and NIfTI-2 (540 bytes) headers to and from bytes, either byte order on reading,
 * little-endian on writing; field offsets as in nifti1.h and nifti2.h. Decoding checks the magic and
 * the sizes; it does not judge the dimensions (the reader does).
 *
 * <pre>{@code
 * NiftiHeader h = NiftiHeaderCodec.decode(bytes, file);
 * byte[] out = NiftiHeaderCodec.encode(h); // header and the 4-byte extension flag
 * }</pre>
 */
final class NiftiHeaderCodec {

    static final int SIZE_1 = 348, SIZE_2 = 540;
    private static final byte[] MAGIC_2 = {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'};

    private NiftiHeaderCodec() {
    }

    /** The header size and byte order announced by the first four bytes, or an exception. */
    static ByteOrder order(byte[] first4, Path file) throws InputException {
        int le = ByteBuffer.wrap(first4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int be = ByteBuffer.wrap(first4).order(ByteOrder.BIG_ENDIAN).getInt();
        if (le == SIZE_1 || le == SIZE_2)
            return ByteOrder.LITTLE_ENDIAN;
        if (be == SIZE_1 || be == SIZE_2)
            return ByteOrder.BIG_ENDIAN;
        throw new InputException(file, "not a NIfTI file (sizeof_hdr is " + le + ", expected 348 or 540)");
    }

    static NiftiHeader decode(byte[] bytes, Path file) throws InputException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order(bytes, file));
        return b.getInt(0) == SIZE_1 ? decode1(b, file) : decode2(b, file);
    }

    private static NiftiHeader decode1(ByteBuffer b, Path file) throws InputException {
        String magic = string(b, 344, 4);
        if (magic.equals("ni1"))
            throw new InputException(file, "is the header of a NIfTI pair (.hdr/.img); give a single-file .nii or .nii.gz");
        if (!magic.equals("n+1"))
            throw new InputException(file, "not a NIfTI-1 file (magic '" + magic + "', expected 'n+1')");
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++)
            dim[i] = b.getShort(40 + 2 * i);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++)
            pixdim[i] = b.getFloat(76 + 4 * i);
        double vox = b.getFloat(108);
        if (!Double.isFinite(vox) || vox != Math.rint(vox) || vox < 0 || vox > Integer.MAX_VALUE)
            throw new InputException(file, "bad vox_offset " + vox + " (a whole number of bytes is needed)");
        NiftiHeader.Intent intent = new NiftiHeader.Intent(b.getShort(68), string(b, 328, 16), b.getFloat(56), b.getFloat(60),
                b.getFloat(64));
        NiftiHeader.Slicing slicing = new NiftiHeader.Slicing(b.getShort(74), b.getShort(120), b.get(122) & 0xff,
                b.getFloat(132), b.getFloat(136));
        NiftiHeader.Qform q = new NiftiHeader.Qform(b.getShort(252), b.getFloat(256), b.getFloat(260), b.getFloat(264),
                b.getFloat(268), b.getFloat(272), b.getFloat(276));
        NiftiHeader.Sform s = new NiftiHeader.Sform(b.getShort(254), floats(b, 280), floats(b, 296), floats(b, 312));
        return new NiftiHeader(1, dim, b.getShort(70), b.getShort(72), pixdim, (long) vox, b.getFloat(112), b.getFloat(116),
                b.getFloat(124), b.getFloat(128), b.get(123) & 0xff, b.get(39) & 0xff, intent, slicing, q, s,
                string(b, 148, 80), string(b, 228, 24));
    }

    private static NiftiHeader decode2(ByteBuffer b, Path file) throws InputException {
        for (int i = 0; i < 8; i++)
            if (b.get(4 + i) != MAGIC_2[i])
                throw new InputException(file, "not a NIfTI-2 file (bad magic)");
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++)
            dim[i] = b.getLong(16 + 8 * i);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++)
            pixdim[i] = b.getDouble(104 + 8 * i);
        NiftiHeader.Intent intent = new NiftiHeader.Intent(b.getInt(504), string(b, 508, 16), b.getDouble(80), b.getDouble(88),
                b.getDouble(96));
        NiftiHeader.Slicing slicing = new NiftiHeader.Slicing(b.getLong(224), b.getLong(232), b.getInt(496),
                b.getDouble(208), b.getDouble(216));
        NiftiHeader.Qform q = new NiftiHeader.Qform(b.getInt(344), b.getDouble(352), b.getDouble(360), b.getDouble(368),
                b.getDouble(376), b.getDouble(384), b.getDouble(392));
        NiftiHeader.Sform s = new NiftiHeader.Sform(b.getInt(348), doubles(b, 400), doubles(b, 432), doubles(b, 464));
        long vox = b.getLong(168);
        if (vox < 0)
            throw new InputException(file, "bad vox_offset " + vox);
        return new NiftiHeader(2, dim, b.getShort(12), b.getShort(14), pixdim, vox, b.getDouble(176), b.getDouble(184),
                b.getDouble(192), b.getDouble(200), b.getInt(500), b.get(524) & 0xff, intent, slicing, q, s,
                string(b, 240, 80), string(b, 320, 24));
    }

    /** The header followed by four zero bytes (no extensions), little-endian; vox_offset as the header says. */
    static byte[] encode(NiftiHeader h) {
        return h.version() == 1 ? encode1(h) : encode2(h);
    }

    private static byte[] encode1(NiftiHeader h) {
        ByteBuffer b = ByteBuffer.allocate(SIZE_1 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SIZE_1);
        b.put(38, (byte) 'r');
        b.put(39, (byte) h.dimInfo());
        long[] dim = h.dim();
        for (int i = 0; i < 8; i++)
            b.putShort(40 + 2 * i, (short) dim[i]);
        b.putFloat(56, (float) h.intent().p1()).putFloat(60, (float) h.intent().p2()).putFloat(64, (float) h.intent().p3());
        b.putShort(68, (short) h.intent().code()).putShort(70, (short) h.datatype()).putShort(72, (short) h.bitpix());
        b.putShort(74, (short) h.slicing().start());
        double[] pixdim = h.pixdim();
        for (int i = 0; i < 8; i++)
            b.putFloat(76 + 4 * i, (float) pixdim[i]);
        b.putFloat(108, h.voxOffset()).putFloat(112, (float) h.sclSlope()).putFloat(116, (float) h.sclInter());
        b.putShort(120, (short) h.slicing().end()).put(122, (byte) h.slicing().code()).put(123, (byte) h.xyztUnits());
        b.putFloat(124, (float) h.calMax()).putFloat(128, (float) h.calMin());
        b.putFloat(132, (float) h.slicing().duration()).putFloat(136, (float) h.slicing().toffset());
        putString(b, 148, 80, h.descrip());
        putString(b, 228, 24, h.auxFile());
        b.putShort(252, (short) h.qform().code()).putShort(254, (short) h.sform().code());
        b.putFloat(256, (float) h.qform().b()).putFloat(260, (float) h.qform().c()).putFloat(264, (float) h.qform().d());
        b.putFloat(268, (float) h.qform().x()).putFloat(272, (float) h.qform().y()).putFloat(276, (float) h.qform().z());
        putFloats(b, 280, h.sform().x());
        putFloats(b, 296, h.sform().y());
        putFloats(b, 312, h.sform().z());
        putString(b, 328, 16, h.intent().name());
        putString(b, 344, 4, "n+1");
        return b.array();
    }

    private static byte[] encode2(NiftiHeader h) {
        ByteBuffer b = ByteBuffer.allocate(SIZE_2 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SIZE_2);
        b.put(4, MAGIC_2);
        b.putShort(12, (short) h.datatype()).putShort(14, (short) h.bitpix());
        long[] dim = h.dim();
        for (int i = 0; i < 8; i++)
            b.putLong(16 + 8 * i, dim[i]);
        b.putDouble(80, h.intent().p1()).putDouble(88, h.intent().p2()).putDouble(96, h.intent().p3());
        double[] pixdim = h.pixdim();
        for (int i = 0; i < 8; i++)
            b.putDouble(104 + 8 * i, pixdim[i]);
        b.putLong(168, h.voxOffset()).putDouble(176, h.sclSlope()).putDouble(184, h.sclInter());
        b.putDouble(192, h.calMax()).putDouble(200, h.calMin());
        b.putDouble(208, h.slicing().duration()).putDouble(216, h.slicing().toffset());
        b.putLong(224, h.slicing().start()).putLong(232, h.slicing().end());
        putString(b, 240, 80, h.descrip());
        putString(b, 320, 24, h.auxFile());
        b.putInt(344, h.qform().code()).putInt(348, h.sform().code());
        b.putDouble(352, h.qform().b()).putDouble(360, h.qform().c()).putDouble(368, h.qform().d());
        b.putDouble(376, h.qform().x()).putDouble(384, h.qform().y()).putDouble(392, h.qform().z());
        putDoubles(b, 400, h.sform().x());
        putDoubles(b, 432, h.sform().y());
        putDoubles(b, 464, h.sform().z());
        b.putInt(496, h.slicing().code()).putInt(500, h.xyztUnits()).putInt(504, h.intent().code());
        putString(b, 508, 16, h.intent().name());
        b.put(524, (byte) h.dimInfo());
        return b.array();
    }

    private static double[] floats(ByteBuffer b, int at) {
        return new double[] {b.getFloat(at), b.getFloat(at + 4), b.getFloat(at + 8), b.getFloat(at + 12)};
    }

    private static double[] doubles(ByteBuffer b, int at) {
        return new double[] {b.getDouble(at), b.getDouble(at + 8), b.getDouble(at + 16), b.getDouble(at + 24)};
    }

    private static void putFloats(ByteBuffer b, int at, double[] v) {
        for (int i = 0; i < 4; i++)
            b.putFloat(at + 4 * i, (float) v[i]);
    }

    private static void putDoubles(ByteBuffer b, int at, double[] v) {
        for (int i = 0; i < 4; i++)
            b.putDouble(at + 8 * i, v[i]);
    }

    private static String string(ByteBuffer b, int at, int len) {
        int n = 0;
        while (n < len && b.get(at + n) != 0)
            n++;
        byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    private static void putString(ByteBuffer b, int at, int len, String s) {
        byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
        b.put(at, v, 0, Math.min(v.length, len - 1));
    }
}
