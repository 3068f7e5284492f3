package org.condseg.io.medical;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes planes as raw voxel data: 8-bit and 16-bit unsigned, 32-bit float, RGB as three interleaved
 * bytes, in the given byte order.
 *
 * <pre>{@code
 * VoxelWriter.write(out, voxels.sliceMajor(), voxels.type(), ByteOrder.LITTLE_ENDIAN);
 * }</pre>
 */
public final class VoxelWriter {

    private static final int CHUNK = 1 << 20;

    private VoxelWriter() {
    }

    public static void write(OutputStream out, List<Object> planes, VoxelType type, ByteOrder order) throws IOException {
        int bpp = DiskType.of(type).bytes();
        ByteBuffer bb = ByteBuffer.allocate(CHUNK - CHUNK % (bpp * 4)).order(order);
        for (Object plane : planes) {
            int n = java.lang.reflect.Array.getLength(plane);
            for (int i = 0; i < n; i++) {
                if (bb.remaining() < bpp) {
                    out.write(bb.array(), 0, bb.position());
                    bb.clear();
                }
                switch (type) {
                    case UINT8 -> bb.put(((byte[]) plane)[i]);
                    case UINT16 -> bb.putShort(((short[]) plane)[i]);
                    case FLOAT32 -> bb.putFloat(((float[]) plane)[i]);
                    case RGB -> {
                        int c = ((int[]) plane)[i];
                        bb.put((byte) (c >> 16)).put((byte) (c >> 8)).put((byte) c);
                    }
                }
            }
        }
        out.write(bb.array(), 0, bb.position());
    }
}
