package org.condseg.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.condseg.model.InputException;
import org.condseg.model.Tensor;

/**
 * NumPy {@code .npy} files (format 1.0–3.0, C order, little-endian float32/float64/int/uint8/bool),
 * read into float tensors and written from them. The declared shape is checked against the file
 * size before anything is allocated.
 *
 * <pre>{@code
 * Tensor t = Npy.read(Path.of("test-input.npy"), "input");
 * }</pre>
 */
public final class Npy {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    public static Tensor read(Path file, String name) throws InputException {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY"))
                throw new InputException(file, "not a .npy file (bad magic)");
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLen = major == 1 ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                    : Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            if (headerLen > 1 << 16)
                throw new InputException(file, "header of " + headerLen + " bytes is too long");
            byte[] hb = new byte[(int) headerLen];
            in.readFully(hb);
            String header = new String(hb, StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
            if (!d.find() || !f.find() || !s.find())
                throw new InputException(file, "header lacks descr, fortran_order or shape: " + header.trim());
            if (f.group(1).equals("True"))
                throw new InputException(file, "Fortran-ordered arrays are not supported");
            long[] shape = shape(s.group(1), file);
            long n = 1;
            for (long v : shape)
                n = Math.multiplyExact(n, v);
            char kind = d.group(2).charAt(0);
            int bytes = Integer.parseInt(d.group(3));
            boolean big = d.group(1).equals(">");
            long dataStart = 6 + 2 + (major == 1 ? 2 : 4) + headerLen;
            if (n > MAX_VALUES || dataStart + n * bytes > Files.size(file))
                throw new InputException(file, "declares " + n + " values of " + bytes + " bytes, more than the file holds");
            byte[] data = new byte[(int) (n * bytes)];
            in.readFully(data);
            ByteBuffer bb = ByteBuffer.wrap(data).order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[(int) n];
            for (int i = 0; i < n; i++)
                out[i] = value(bb, kind, bytes, file);
            return new Tensor(name, shape.length == 0 ? new long[] {1} : shape, out);
        } catch (IOException | ArithmeticException e) {
            throw new InputException(file, "cannot be read as .npy: " + e.getMessage(), e);
        }
    }

    public static void write(Tensor t, Path file) throws IOException {
        StringBuilder shape = new StringBuilder();
        for (long s : t.shape())
            shape.append(s).append(", ");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape.toString().replaceAll(", $", t.shape().length == 1 ? "," : "") + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + 4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        bb.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : t.data())
            bb.putFloat(v);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bb.array());
        }
    }

    private static long[] shape(String text, Path file) throws InputException {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty())
                continue;
            try {
                long v = Long.parseLong(p.replace("L", ""));
                if (v < 0)
                    throw new InputException(file, "negative dimension " + v);
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new InputException(file, "bad shape (" + text + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static float value(ByteBuffer bb, char kind, int bytes, Path file) throws InputException {
        switch (kind) {
            case 'f':
                if (bytes == 4) return bb.getFloat();
                if (bytes == 8) return (float) bb.getDouble();
                break;
            case 'i':
                if (bytes == 1) return bb.get();
                if (bytes == 2) return bb.getShort();
                if (bytes == 4) return bb.getInt();
                if (bytes == 8) return bb.getLong();
                break;
            case 'u':
                if (bytes == 1) return Byte.toUnsignedInt(bb.get());
                if (bytes == 2) return Short.toUnsignedInt(bb.getShort());
                if (bytes == 4) return Integer.toUnsignedLong(bb.getInt());
                break;
            case 'b':
                if (bytes == 1) return bb.get() != 0 ? 1 : 0;
                break;
            default:
                break;
        }
        throw new InputException(file, "unsupported data type " + kind + bytes);
    }
}
