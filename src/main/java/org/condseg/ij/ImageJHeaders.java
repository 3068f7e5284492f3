package org.condseg.ij;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.io.medical.DataLimits;
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
            memory += DataLimits.product(planes, plane, memoryPerPixel(fi));
        }
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
        // the decoded image, then ImageJ's copy of it
        long perPixel = (long) channels * Math.max(1, depth / 8) + (channels > 1 ? 4 : Math.max(1, depth / 8));
        DataLimits.checkData(file, 0, 0, false, DataLimits.product(w, h, perPixel));
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
