package org.condseg.io.medical;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.model.InputException;

/**
 * Reads planes of voxels from a stream into the types ImageJ holds, applying a linear scaling
 * ({@code value · slope + intercept}, which makes the result 32-bit float unless it is the identity).
 * Unsigned 8- and 16-bit data stay as they are; signed 8- and 16-bit data stay 8/16-bit where no value
 * is negative and become float otherwise; 32- and 64-bit data become float, with a note. Planes are
 * allocated one at a time as their data arrives, so a stream that ends early costs no more memory
 * than the data it held, and is reported as truncated.
 *
 * <pre>{@code
 * VoxelReader.Planes p = VoxelReader.read(in, file, DiskType.INT16, ByteOrder.LITTLE_ENDIAN, 64, 48, 10, 1, 0, notes);
 * }</pre>
 */
public final class VoxelReader {

    private static final int CHUNK = 1 << 20;

    /** Planes in the order they were read, all of one type. */
    public record Planes(VoxelType type, List<Object> planes) {
    }

    private VoxelReader() {
    }

    /** Memory per voxel that {@link #read} may need at its peak (for {@link DataLimits#checkData}). */
    public static int memoryPerVoxel(DiskType type, boolean scaled) {
        if (type == DiskType.UINT8 && !scaled)
            return 1;
        if (type == DiskType.UINT16 && !scaled)
            return 2;
        if (type == DiskType.INT16 && !scaled)
            return 6;
        if (type == DiskType.INT8 && !scaled)
            return 5;
        return 4;
    }

    /** Whether {@code slope} and {@code intercept} change values (NaN/0 slopes count as no scaling). */
    public static boolean scales(double slope, double intercept) {
        boolean s = Double.isFinite(slope) && slope != 0 && slope != 1;
        boolean i = Double.isFinite(intercept) && intercept != 0;
        return s || i;
    }

    public static Planes read(InputStream in, Path file, DiskType type, ByteOrder order, int width, int height, int planes,
            double slope, double intercept, List<String> notes) throws InputException, IOException {
        boolean scaled = type != DiskType.RGB24 && type != DiskType.RGBA32 && scales(slope, intercept);
        double m = Double.isFinite(slope) && slope != 0 ? slope : 1, b = Double.isFinite(intercept) ? intercept : 0;
        VoxelType target = scaled ? VoxelType.FLOAT32 : switch (type) {
            case UINT8, INT8 -> VoxelType.UINT8;
            case UINT16, INT16 -> VoxelType.UINT16;
            case RGB24, RGBA32 -> VoxelType.RGB;
            default -> VoxelType.FLOAT32;
        };
        int n = width * height, bpp = type.bytes();
        long total = (long) n * bpp * planes, done = 0;
        int chunkVoxels = Math.max(1, CHUNK / bpp);
        byte[] buf = new byte[(int) Math.min((long) chunkVoxels * bpp, (long) n * bpp)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
        List<Object> out = new ArrayList<>(planes);
        double min = Double.POSITIVE_INFINITY, maxAbs = 0;
        for (int p = 0; p < planes; p++) {
            Object plane = target.newPlane(n);
            for (int start = 0; start < n; start += chunkVoxels) {
                int count = Math.min(chunkVoxels, n - start);
                int got = readFully(in, buf, count * bpp);
                done += got;
                if (got < count * bpp)
                    throw new InputException(file, "voxel data ends after " + done + " of " + total + " bytes (truncated file)");
                bb.clear();
                for (int i = start; i < start + count; i++) {
                    if (target == VoxelType.RGB) {
                        int r = bb.get() & 0xff, g = bb.get() & 0xff, bl = bb.get() & 0xff;
                        if (type == DiskType.RGBA32)
                            bb.get();
                        ((int[]) plane)[i] = r << 16 | g << 8 | bl;
                        continue;
                    }
                    double v = value(bb, type);
                    if (scaled) {
                        ((float[]) plane)[i] = (float) (v * m + b);
                    } else if (target == VoxelType.UINT8) {
                        ((byte[]) plane)[i] = (byte) v;
                        min = Math.min(min, v);
                    } else if (target == VoxelType.UINT16) {
                        ((short[]) plane)[i] = (short) v;
                        min = Math.min(min, v);
                    } else {
                        ((float[]) plane)[i] = (float) v;
                        maxAbs = Math.max(maxAbs, Math.abs(v));
                    }
                }
            }
            out.add(plane);
        }
        if ((type == DiskType.INT16 || type == DiskType.INT8) && !scaled && min < 0) {
            for (int p = 0; p < out.size(); p++)
                out.set(p, signedToFloat(out.get(p)));
            target = VoxelType.FLOAT32;
            notes.add(type.name().toLowerCase() + " data with negative values held as 32-bit float");
        }
        if (target == VoxelType.FLOAT32 && !scaled && type != DiskType.FLOAT32 && type != DiskType.INT16 && type != DiskType.INT8) {
            notes.add(type.name().toLowerCase() + " data held as 32-bit float (ImageJ holds 8- and 16-bit unsigned and 32-bit float)"
                    + (type.integer() && maxAbs > (1 << 24) ? "; values beyond 16777216 lose precision" : ""));
        }
        if (type == DiskType.RGBA32)
            notes.add("rgba32 data held as RGB (alpha dropped)");
        return new Planes(target, out);
    }

    private static double value(ByteBuffer bb, DiskType type) {
        return switch (type) {
            case INT8 -> bb.get();
            case UINT8 -> bb.get() & 0xff;
            case INT16 -> bb.getShort();
            case UINT16 -> bb.getShort() & 0xffff;
            case INT32 -> bb.getInt();
            case UINT32 -> bb.getInt() & 0xffffffffL;
            case INT64 -> bb.getLong();
            case UINT64 -> {
                long v = bb.getLong();
                yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            case FLOAT32 -> bb.getFloat();
            case FLOAT64 -> bb.getDouble();
            default -> throw new IllegalStateException(type + " is not a scalar type");
        };
    }

    private static float[] signedToFloat(Object plane) {
        if (plane instanceof byte[] b) {
            float[] f = new float[b.length];
            for (int i = 0; i < b.length; i++)
                f[i] = b[i];
            return f;
        }
        short[] s = (short[]) plane;
        float[] f = new float[s.length];
        for (int i = 0; i < s.length; i++)
            f[i] = s[i];
        return f;
    }

    private static int readFully(InputStream in, byte[] buf, int len) throws IOException {
        int got = 0;
        while (got < len) {
            int r = in.read(buf, got, len - got);
            if (r < 0)
                break;
            got += r;
        }
        return got;
    }
}
