package org.condseg.ij;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.io.medical.DataLimits;
import org.condseg.io.tiff.TiffDirectories;
import org.condseg.io.tiff.TiffStrips;
import org.condseg.model.InputException;

import ij.io.FileInfo;
import ij.io.TiffDecoder;

/**
 * The checks made on TIFF and PNG headers before ImageJ 1 reads the pixels (ImageJ would allocate what
 * a header declares, pad a truncated file with zeros, or fail with an exception): sizes of at least 1
 * that ImageJ holds, uncompressed data or compressed strips inside the file, and memory within the heap.
 *
 * <pre>{@code
 * ImageJHeaders.checkTiff(Path.of("stack.tif"));
 * ImageJHeaders.checkPng(Path.of("slice.png"));
 * }</pre>
 */
final class ImageJHeaders {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageJHeaders() {
    }

    static void checkTiff(Path file) throws InputException {
        FileInfo[] info;
        long size;
        // our own walk first: ImageJ's follows a looping directory chain forever and pads corrupt strips with zeros
        long largestStrip = TiffStrips.check(file, TiffDirectories.read(file));
        try {
            size = Files.size(file);
            Path dir = file.toAbsolutePath().getParent();
            QuietImageJ.Result<FileInfo[]> r = QuietImageJ.call(
                    () -> new TiffDecoder(dir.toString() + java.io.File.separator, file.getFileName().toString()).getTiffInfo());
            info = r.value();
            if (info == null || info.length == 0)
                throw new InputException(file, "is not a TIFF file" + detail(r.firstLine()));
        } catch (InputException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException(file, "is not a readable TIFF file (" + e.getMessage() + ")", e);
        }
        long memory = 0;
        for (FileInfo fi : info) {
            long planes = Math.max(1, fi.nImages);
            DataLimits.checkGrid(file, fi.width, fi.height, planes);
            long plane = (long) fi.width * fi.height;
            long diskPlane = switch (fi.fileType) {
                case FileInfo.BITMAP -> (fi.width + 7L) / 8 * fi.height;
                case FileInfo.GRAY12_UNSIGNED -> (plane * 3 + 1) / 2;
                default -> plane * Math.max(1, fi.getBytesPerPixel());
            };
            if (fi.compression <= FileInfo.COMPRESSION_NONE) {
                long end = DataLimits.product(planes, diskPlane);
                end = end < 0 ? -1 : fi.getOffset() + end + (planes - 1) * Math.max(0, fi.getGap());
                if (end < 0 || end > size)
                    throw new InputException(file, "declares image data up to byte " + (end < 0 ? "beyond 2^63" : end)
                            + " but the file has " + size + " bytes (truncated file or wrong sizes)");
            } else if (fi.stripOffsets != null && fi.stripLengths != null) {
                for (int i = 0; i < Math.min(fi.stripOffsets.length, fi.stripLengths.length); i++)
                    if ((fi.stripOffsets[i] & 0xffffffffL) + (fi.stripLengths[i] & 0xffffffffL) > size)
                        throw new InputException(file, "declares a compressed strip beyond its end (truncated file)");
            }
            long m = DataLimits.product(planes, plane, memoryPerPixel(fi));
            memory = m < 0 || memory < 0 ? -1 : memory + m;
        }
        // ImageJ holds a compressed strip and its growing decoded copy (twice) besides the image
        memory = memory < 0 ? -1 : memory + 3 * largestStrip;
        DataLimits.checkData(file, 0, 0, false, memory);
    }

    static void checkPng(Path file) throws InputException {
        byte[] head = new byte[33];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        for (int i = 0; i < PNG_SIGNATURE.length; i++)
            if (n < 8 || head[i] != PNG_SIGNATURE[i])
                throw new InputException(file, "is not a PNG file (no PNG signature)");
        if (n < 33 || b.getInt(8) != 13 || b.getInt(12) != 0x49484452)
            throw new InputException(file, "is not a PNG file (no IHDR header first)");
        long w = b.getInt(16) & 0xffffffffL, h = b.getInt(20) & 0xffffffffL;
        DataLimits.checkGrid(file, w, h, 1);
        int depth = head[24], colour = head[25];
        int channels = switch (colour) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new InputException(file, "declares PNG colour type " + colour + ", which does not exist");
        };
        long rowBytes = (DataLimits.product(w, channels, Math.max(1, depth)) + 7) / 8;
        long raw = DataLimits.product(h, rowBytes + 1);
        long compressed = idatBytes(file);
        if (raw < 0 || raw / DataLimits.MAX_DEFLATE_RATIO > compressed)
            throw new InputException(file, "declares " + w + "x" + h + " pixels, more than its " + compressed
                    + " bytes of compressed image data can hold (truncated file or a lying header)");
        // ImageIO's decoded raster, the ARGB copy ImageJ makes of it, and ImageJ's own pixels
        long perPixel = (long) channels * Math.max(1, depth / 8) + 4 + 4;
        DataLimits.checkData(file, 0, 0, false, DataLimits.product(w, h, perPixel));
    }

    /** The summed length of the IDAT chunks, walking the chunk list (each chunk's length bounded by the file). */
    private static long idatBytes(Path file) throws InputException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size(), at = 8, sum = 0;
            ByteBuffer chunk = ByteBuffer.allocate(8);
            while (at + 12 <= size) {
                chunk.clear();
                while (chunk.hasRemaining() && ch.read(chunk, at + chunk.position()) > 0) {
                    // positional reads until the 8 bytes are in
                }
                long length = chunk.getInt(0) & 0xffffffffL;
                int type = chunk.getInt(4);
                if (at + 12 + length > size)
                    throw new InputException(file, "declares a PNG chunk of " + length + " bytes at byte " + at
                            + ", beyond the file's " + size + " bytes (truncated file)");
                if (type == 0x49444154) // IDAT
                    sum += length;
                if (type == 0x49454e44) // IEND
                    return sum;
                at += 12 + length;
            }
            throw new InputException(file, "ends without its PNG IEND chunk (truncated file)");
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static int memoryPerPixel(FileInfo fi) {
        return switch (fi.fileType) {
            case FileInfo.GRAY8, FileInfo.COLOR8, FileInfo.BITMAP -> 1;
            case FileInfo.GRAY16_SIGNED, FileInfo.GRAY16_UNSIGNED, FileInfo.GRAY12_UNSIGNED, FileInfo.GRAY10_UNSIGNED -> 2;
            case FileInfo.RGB48, FileInfo.RGB48_PLANAR -> 6;
            default -> 4;
        };
    }

    private static String detail(String line) {
        return line.isEmpty() ? "" : " (" + line + ")";
    }
}
