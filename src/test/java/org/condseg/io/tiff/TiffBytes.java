package org.condseg.io.tiff;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Hand-built little-endian 8-bit grey TIFF files for tests: one directory per image, the strips as
 * given (already compressed), and encoders for Deflate, LZW and PackBits, so that hostile files are made
 * in the tests themselves.
 *
 * <pre>{@code
 * byte[] tif = TiffBytes.gray(64, 64, 64, TiffBytes.DEFLATE, List.of(TiffBytes.deflate(pixels)));
 * }</pre>
 */
public final class TiffBytes {

    public static final int NONE = 1, LZW = 5, DEFLATE = 8, PACKBITS = 32773;

    private TiffBytes() {
    }

    /** One 8-bit image of {@code width x height}, {@code rowsPerStrip} rows a strip, with the given (encoded) strips. */
    public static byte[] gray(int width, int height, int rowsPerStrip, int compression, List<byte[]> strips) {
        return build(width, height, rowsPerStrip, compression, strips, 1, -1);
    }

    /**
     * {@code images} directories of the same image; {@code lastNext} is the "next directory" offset of the last one
     * (0 ends the chain; -2 points it at the first directory, a loop).
     */
    public static byte[] build(int width, int height, int rowsPerStrip, int compression, List<byte[]> strips, int images,
            long lastNext) {
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(0);
        int[] offsets = new int[strips.size()];
        for (int i = 0; i < strips.size(); i++) {
            offsets[i] = b.position();
            b.put(strips.get(i));
        }
        int offsetTable = b.position();
        for (int o : offsets)
            b.putInt(o);
        int countTable = b.position();
        for (byte[] s : strips)
            b.putInt(s.length);
        if (b.position() % 2 == 1)
            b.put((byte) 0);
        int first = b.position();
        b.putInt(4, first);
        int n = strips.size();
        for (int k = 0; k < images; k++) {
            int at = b.position();
            b.putShort((short) 8);
            entry(b, 256, 4, 1, width);
            entry(b, 257, 4, 1, height);
            entry(b, 258, 3, 1, 8);
            entry(b, 259, 3, 1, compression);
            entry(b, 262, 3, 1, 1);
            entry(b, 273, 4, n, n == 1 ? offsets[0] : offsetTable);
            entry(b, 278, 4, 1, rowsPerStrip);
            entry(b, 279, 4, n, n == 1 ? strips.get(0).length : countTable);
            long next = k < images - 1 ? at + 2 + 8 * 12 + 4 : lastNext == -2 ? first : Math.max(0, lastNext);
            b.putInt((int) next);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1)
            b.putShort((short) value).putShort((short) 0);
        else
            b.putInt(value);
    }

    public static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(9);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished())
            out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    /** Deflate of {@code n} zero bytes, made without holding them. */
    public static byte[] deflateZeros(long n) {
        Deflater d = new Deflater(9);
        byte[] zeros = new byte[1 << 20], buf = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long left = n; left > 0; left -= zeros.length) {
            d.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            while (!d.needsInput())
                out.write(buf, 0, d.deflate(buf));
        }
        d.finish();
        while (!d.finished())
            out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    /** TIFF LZW (MSB first, early change, clear code first, end-of-information last). */
    public static byte[] lzw(byte[] data) {
        Bits out = new Bits();
        Map<Integer, Integer> table = new HashMap<>(); // (prefix code << 8 | byte) -> code
        int width = 9, next = 258;
        out.write(256, width);
        int w = -1;
        for (byte x : data) {
            int c = x & 0xff;
            if (w < 0) {
                w = c;
                continue;
            }
            Integer known = table.get(w << 8 | c);
            if (known != null) {
                w = known;
                continue;
            }
            out.write(w, width);
            table.put(w << 8 | c, next++);
            // the encoder widens one code later than the decoder, which adds each entry one code behind it
            if (next >= (1 << width) && width < 12)
                width++;
            if (next >= 4094) {
                out.write(256, width);
                table.clear();
                next = 258;
                width = 9;
            }
            w = c;
        }
        if (w >= 0)
            out.write(w, width);
        out.write(257, width);
        return out.bytes();
    }

    /** PackBits: literal runs of up to 128 bytes, repeats of 2 to 128. */
    public static byte[] packBits(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < data.length) {
            int run = 1;
            while (i + run < data.length && run < 128 && data[i + run] == data[i])
                run++;
            if (run > 1) {
                out.write(1 - run);
                out.write(data[i]);
                i += run;
            } else {
                int start = i;
                while (i < data.length && i - start < 128 && (i + 1 >= data.length || data[i + 1] != data[i]))
                    i++;
                if (i == start)
                    i++;
                out.write(i - start - 1);
                out.write(data, start, i - start);
            }
        }
        return out.toByteArray();
    }

    /** Rows of a test pattern. */
    public static byte[] pattern(int width, int height, int seed) {
        byte[] p = new byte[width * height];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < p.length; i++)
            p[i] = (byte) ((i % width) / 4 * 4 + (r.nextInt(8) == 0 ? r.nextInt(256) : 0));
        return p;
    }

    /** The strips of {@code pixels} ({@code rows} rows each), encoded by {@code encoder}. */
    public static List<byte[]> strips(byte[] pixels, int width, int rows, java.util.function.UnaryOperator<byte[]> encoder) {
        List<byte[]> out = new ArrayList<>();
        for (int start = 0; start < pixels.length; start += rows * width)
            out.add(encoder.apply(java.util.Arrays.copyOfRange(pixels, start, Math.min(pixels.length, start + rows * width))));
        return out;
    }

    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int held;

        void write(int code, int width) {
            acc = (acc << width) | code;
            held += width;
            while (held >= 8) {
                out.write((int) (acc >>> (held - 8)) & 0xff);
                held -= 8;
            }
        }

        byte[] bytes() {
            if (held > 0)
                out.write((int) (acc << (8 - held)) & 0xff);
            held = 0;
            return out.toByteArray();
        }
    }
}
