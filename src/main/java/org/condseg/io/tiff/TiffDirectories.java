package org.condseg.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.condseg.model.InputException;

/**
 * Walks the chain of image file directories (IFDs) of a classic TIFF file as the specification lays
 * it out, refusing what would make a reader loop or allocate without bound: a chain that returns to a
 * directory it has visited, directories that overlap or lie beyond the file, and entries whose values
 * (strip tables, descriptions) would extend beyond the file. BigTIFF is refused (ImageJ 1 reads classic
 * TIFF only). Only the tags that describe the pixel data are kept.
 *
 * <pre>{@code
 * List<TiffDirectories.Ifd> ifds = TiffDirectories.read(Path.of("stack.tif"));
 * long[] offsets = ifds.get(0).stripOffsets();
 * }</pre>
 */
public final class TiffDirectories {

    static final int WIDTH = 256, HEIGHT = 257, BITS = 258, COMPRESSION = 259, STRIP_OFFSETS = 273, SAMPLES = 277,
            ROWS_PER_STRIP = 278, STRIP_BYTES = 279, X_RESOLUTION = 282, Y_RESOLUTION = 283, PLANAR = 284, TILE_WIDTH = 322,
            META_DATA_COUNTS = 50838;

    /** What one directory declares about its pixels; absent tags hold their TIFF defaults. */
    public record Ifd(long offset, long width, long height, int bitsPerSample, int samplesPerPixel, int compression,
            int planar, long rowsPerStrip, long[] stripOffsets, long[] stripByteCounts, boolean tiled) {
    }

    private TiffDirectories() {
    }

    public static List<Ifd> read(Path file) throws InputException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Ifd> read(Path file, FileChannel ch) throws IOException, InputException {
        long size = ch.size();
        ByteBuffer head = bytes(file, ch, 0, 8, size, "header");
        short order = head.getShort(0);
        if (order == 0x4949)
            head.order(ByteOrder.LITTLE_ENDIAN);
        else if (order != 0x4d4d)
            throw new InputException(file, "is not a TIFF file (no II or MM byte order mark)");
        ByteOrder bo = head.order();
        int magic = head.getShort(2) & 0xffff;
        if (magic == 43)
            throw new InputException(file, "is a BigTIFF file, which ImageJ 1 cannot read");
        if (magic != 42)
            throw new InputException(file, "is not a TIFF file (magic number " + magic + ", not 42)");
        List<Ifd> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long directoryBytes = 0;
        long next = head.getInt(4) & 0xffffffffL;
        if (next == 0)
            throw new InputException(file, "holds no image (its first directory offset is 0)");
        while (next != 0) {
            if (!seen.add(next))
                throw new InputException(file, "has a directory chain that loops back to byte " + next);
            ByteBuffer count = bytes(file, ch, next, 2, size, "directory").order(bo);
            int n = count.getShort(0) & 0xffff;
            if (n == 0)
                break; // an empty directory ends the chain for ImageJ as well
            long length = 2 + 12L * n + 4;
            directoryBytes += length;
            if (directoryBytes > size)
                throw new InputException(file, "declares " + out.size() + "+ directories whose entries add up to more than "
                        + "the file's " + size + " bytes (overlapping or looping directories)");
            ByteBuffer d = bytes(file, ch, next, length, size, "directory").order(bo);
            out.add(ifd(file, ch, d, next, n, size));
            next = d.getInt(2 + 12 * n) & 0xffffffffL;
        }
        if (out.isEmpty())
            throw new InputException(file, "holds no image (its first directory is empty)");
        return out;
    }

    private static Ifd ifd(Path file, FileChannel ch, ByteBuffer d, long offset, int n, long size)
            throws IOException, InputException {
        long width = -1, height = -1, rows = 0xffffffffL;
        int bits = 1, samples = 1, compression = 1, planar = 1;
        long[] offsets = null, counts = null;
        boolean tiled = false;
        for (int i = 0; i < n; i++) {
            int e = 2 + 12 * i;
            int tag = d.getShort(e) & 0xffff, type = d.getShort(e + 2) & 0xffff;
            long count = d.getInt(e + 4) & 0xffffffffL;
            // what a reader may read for this entry: ImageJ reads by tag, whatever the type says (an unknown type
            // counts one byte a value; strip tables and its metadata counts are read as 4-byte values, resolutions
            // as an 8-byte rational at the offset)
            long bytes = count * Math.max(1, unit(type));
            if (tag == STRIP_OFFSETS || tag == STRIP_BYTES || tag == META_DATA_COUNTS)
                bytes = Math.max(bytes, 4 * count);
            if (tag == X_RESOLUTION || tag == Y_RESOLUTION)
                bytes = Math.max(bytes, 8);
            if (bytes > 4) {
                long at = d.getInt(e + 8) & 0xffffffffL;
                if (at + bytes > size)
                    throw new InputException(file, "declares tag " + tag + " with " + count + " value(s) at byte " + at
                            + ", beyond the file's " + size + " bytes");
            }
            switch (tag) {
                case WIDTH -> width = first(d, e, type);
                case HEIGHT -> height = first(d, e, type);
                case BITS -> bits = (int) Math.min(Integer.MAX_VALUE, values(file, ch, d, e, type, count, size)[0]);
                case COMPRESSION -> compression = (int) first(d, e, type);
                case SAMPLES -> samples = (int) Math.min(Integer.MAX_VALUE, first(d, e, type));
                case ROWS_PER_STRIP -> rows = first(d, e, type);
                case PLANAR -> planar = (int) first(d, e, type);
                case STRIP_OFFSETS -> offsets = values(file, ch, d, e, type, count, size);
                case STRIP_BYTES -> counts = values(file, ch, d, e, type, count, size);
                case TILE_WIDTH -> tiled = true;
                default -> {
                }
            }
        }
        return new Ifd(offset, width, height, bits, samples, compression, planar, rows, offsets, counts, tiled);
    }

    /** The byte size of a TIFF field type, or 0 for a type this reader does not know. */
    static int unit(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 0;
        };
    }

    private static long first(ByteBuffer d, int e, int type) {
        return switch (type) {
            case 1, 6, 7 -> d.get(e + 8) & 0xff;
            case 3, 8 -> d.getShort(e + 8) & 0xffff;
            default -> d.getInt(e + 8) & 0xffffffffL;
        };
    }

    /** The values of a SHORT or LONG entry (inline or at its offset); the count was checked against the file. */
    private static long[] values(Path file, FileChannel ch, ByteBuffer d, int e, int type, long count, long size)
            throws IOException, InputException {
        if (type != 3 && type != 4)
            throw new InputException(file, "declares tag " + (d.getShort(e) & 0xffff) + " of type " + type
                    + " where SHORT or LONG values belong");
        if (count < 1)
            throw new InputException(file, "declares tag " + (d.getShort(e) & 0xffff) + " with no values");
        int unit = unit(type);
        ByteBuffer b;
        int base;
        if (count * unit <= 4) {
            b = d;
            base = e + 8;
        } else {
            b = bytes(file, ch, d.getInt(e + 8) & 0xffffffffL, count * unit, size, "tag value").order(d.order());
            base = 0;
        }
        long[] v = new long[(int) count];
        for (int i = 0; i < v.length; i++)
            v[i] = type == 3 ? b.getShort(base + 2 * i) & 0xffff : b.getInt(base + 4 * i) & 0xffffffffL;
        return v;
    }

    private static ByteBuffer bytes(Path file, FileChannel ch, long at, long length, long size, String what)
            throws IOException, InputException {
        if (at < 0 || at + length > size || length > Integer.MAX_VALUE)
            throw new InputException(file, "declares a " + what + " at byte " + at + ", beyond the file's " + size + " bytes");
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining())
            if (ch.read(b, at + b.position()) < 0)
                throw new InputException(file, "ends inside its " + what + " at byte " + at);
        return b.flip();
    }
}
