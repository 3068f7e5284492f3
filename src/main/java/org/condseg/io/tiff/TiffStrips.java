package org.condseg.io.tiff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.condseg.model.InputException;

/**
 * Decodes every compressed strip of a TIFF file once, counting bytes and keeping none, against the size
 * its directory declares: a strip that expands beyond the full strip (a decompression bomb), that is
 * corrupt, or that decodes to fewer bytes than its rows need (which ImageJ would pad with zeros) is
 * refused. Deflate ({@code 8}, {@code 32946}), LZW ({@code 5}) and PackBits ({@code 32773}) are checked;
 * uncompressed strips only for lying inside the file. Work and memory are bounded by the declared sizes,
 * whatever a strip holds.
 *
 * <pre>{@code
 * List<TiffDirectories.Ifd> ifds = TiffDirectories.read(file);
 * long largest = TiffStrips.check(file, ifds); // the largest decoded strip, in bytes
 * }</pre>
 */
public final class TiffStrips {

    static final int NONE = 1, LZW = 5, DEFLATE = 8, DEFLATE_OLD = 32946, PACKBITS = 32773;

    private TiffStrips() {
    }

    /** Checks every strip of every directory; returns the largest strip's declared decoded size in bytes. */
    public static long check(Path file, List<TiffDirectories.Ifd> ifds) throws InputException {
        long largest = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (int k = 0; k < ifds.size(); k++)
                largest = Math.max(largest, check(file, ch, size, ifds.get(k), k));
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
        return largest;
    }

    private static long check(Path file, FileChannel ch, long size, TiffDirectories.Ifd d, int index)
            throws IOException, InputException {
        int c = d.compression();
        if (d.tiled() || d.width() < 1 || d.height() < 1 || d.bitsPerSample() < 1 || d.samplesPerPixel() < 1)
            return 0; // sizes are refused (or tiles reported) where the image is opened
        String where = "image " + index;
        long[] offsets = d.stripOffsets(), counts = d.stripByteCounts();
        if (offsets == null)
            throw new InputException(file, where + " declares no strip offsets");
        if (counts == null) {
            if (c != NONE)
                throw new InputException(file, where + " is compressed but declares no strip byte counts");
            return 0;
        }
        if (counts.length != offsets.length)
            throw new InputException(file, where + " declares " + offsets.length + " strip offsets but " + counts.length
                    + " byte counts");
        for (int i = 0; i < offsets.length; i++)
            if (offsets[i] + counts[i] > size)
                throw new InputException(file, where + " declares strip " + i + " at bytes " + offsets[i] + "-"
                        + (offsets[i] + counts[i]) + ", beyond the file's " + size + " bytes (truncated file)");
        if (c != LZW && c != DEFLATE && c != DEFLATE_OLD && c != PACKBITS)
            return 0;
        if (d.rowsPerStrip() < 1)
            throw new InputException(file, where + " declares " + d.rowsPerStrip() + " rows per strip");
        boolean planar = d.planar() == 2;
        long rowBits = d.width() * d.bitsPerSample() * (planar ? 1 : d.samplesPerPixel());
        long rowBytes = (rowBits + 7) / 8;
        long rows = Math.min(d.rowsPerStrip(), d.height());
        long perPlane = (d.height() + rows - 1) / rows;
        long needed = perPlane * (planar ? d.samplesPerPixel() : 1);
        if (rowBits / d.width() != d.bitsPerSample() * (long) (planar ? 1 : d.samplesPerPixel()) || rowBytes * rows < 0)
            throw new InputException(file, where + " declares sizes beyond counting");
        if (offsets.length < needed)
            throw new InputException(file, where + " declares " + offsets.length + " strip(s) where its " + d.width() + "x"
                    + d.height() + " pixels need " + needed + " (missing image data)");
        long full = rows * rowBytes;
        for (int i = 0; i < needed; i++) {
            long first = (i % perPlane) * rows;
            long expected = Math.min(rows, d.height() - first) * rowBytes;
            long got;
            try {
                InputStream strip = new Region(ch, offsets[i], counts[i]);
                got = switch (c) {
                    case LZW -> lzw(strip, full);
                    case PACKBITS -> packBits(strip, full);
                    default -> inflate(strip, full);
                };
            } catch (DataFormatException | CorruptException e) {
                throw new InputException(file, where + ": strip " + i + " is corrupt (" + e.getMessage() + ")");
            }
            if (got > full)
                throw new InputException(file, where + ": strip " + i + " expands beyond the " + full
                        + " bytes its directory declares (a decompression bomb or a corrupt strip)");
            if (got < expected)
                throw new InputException(file, where + ": strip " + i + " decodes to " + got + " of the " + expected
                        + " bytes its rows need (corrupt or truncated strip)");
        }
        return full;
    }

    /** Deflate (zlib) output length, stopping one byte past {@code limit}. */
    static long inflate(InputStream in, long limit) throws IOException, DataFormatException, CorruptException {
        Inflater inf = new Inflater();
        try {
            byte[] input = new byte[1 << 16], output = new byte[1 << 16];
            long total = 0;
            while (!inf.finished()) {
                if (inf.needsInput()) {
                    int n = in.read(input);
                    if (n < 0)
                        break; // stream ends early: the count decides
                    inf.setInput(input, 0, n);
                }
                if (inf.needsDictionary())
                    throw new CorruptException("asks for a preset dictionary");
                int n = inf.inflate(output, 0, (int) Math.min(output.length, limit + 1 - total));
                total += n;
                if (total > limit)
                    return total;
            }
            return total;
        } finally {
            inf.end();
        }
    }

    /** TIFF LZW (MSB first, early change) output length, stopping past {@code limit}; only code lengths are kept. */
    static long lzw(InputStream in, long limit) throws IOException, CorruptException {
        int[] length = new int[4096];
        java.util.Arrays.fill(length, 0, 256, 1);
        int next = 258, width = 9, prev = -1;
        long total = 0, bits = 0;
        int held = 0;
        for (;;) {
            while (held < width) {
                int b = in.read();
                if (b < 0)
                    return total; // no end-of-information code: the count decides
                bits = (bits << 8) | b;
                held += 8;
            }
            int code = (int) ((bits >>> (held - width)) & ((1 << width) - 1));
            held -= width;
            if (code == 257)
                return total;
            if (code == 256) {
                next = 258;
                width = 9;
                prev = -1;
                continue;
            }
            if (prev < 0) {
                if (code > 255)
                    throw new CorruptException("code " + code + " right after a clear code");
                total += 1;
            } else {
                if (code > next)
                    throw new CorruptException("code " + code + " beyond the table's " + next + " entries");
                if (next >= 4096)
                    throw new CorruptException("table full without a clear code");
                int added = length[prev] + 1;
                total += code == next ? added : length[code];
                length[next++] = added;
                if (next + 1 >= (1 << width) && width < 12)
                    width++;
            }
            prev = code;
            if (total > limit)
                return total;
        }
    }

    /** PackBits output length, stopping past {@code limit}. */
    static long packBits(InputStream in, long limit) throws IOException, CorruptException {
        long total = 0;
        int n;
        while (total <= limit && (n = in.read()) >= 0) {
            byte b = (byte) n;
            if (b >= 0) {
                for (int k = 0; k <= b; k++)
                    if (in.read() < 0)
                        throw new CorruptException("a literal run cut short");
                total += b + 1;
            } else if (b != -128) {
                if (in.read() < 0)
                    throw new CorruptException("a run without its byte");
                total += 1 - b;
            }
        }
        return total;
    }

    /** A strip's data that its decoder does not accept. */
    static final class CorruptException extends Exception {
        CorruptException(String message) {
            super(message);
        }
    }

    /** The bytes {@code [start, start + length)} of a file, read by position (the channel stays open). */
    private static final class Region extends InputStream {
        private final FileChannel ch;
        private final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16).limit(0);
        private long at, left;

        Region(FileChannel ch, long start, long length) {
            this.ch = ch;
            this.at = start;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (!fill())
                return -1;
            return buffer.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0)
                return 0;
            if (!fill())
                return -1;
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        private boolean fill() throws IOException {
            if (buffer.hasRemaining())
                return true;
            if (left <= 0)
                return false;
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = ch.read(buffer, at);
            buffer.flip();
            if (n <= 0) {
                left = 0;
                return false;
            }
            at += n;
            left -= n;
            return true;
        }
    }
}
