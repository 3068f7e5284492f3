package org.condseg.io.medical;

/**
 * Element types as files store them, with their size in bytes. RGB24 is three interleaved bytes per
 * voxel, RGBA32 four.
 *
 * <pre>{@code
 * long bytes = voxels * DiskType.INT16.bytes();
 * }</pre>
 */
public enum DiskType {
    INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), UINT64(8), FLOAT32(4), FLOAT64(8),
    RGB24(3), RGBA32(4);

    private final int bytes;

    DiskType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** Whether values are integers (so that a note about float conversion may apply). */
    public boolean integer() {
        return this != FLOAT32 && this != FLOAT64 && this != RGB24 && this != RGBA32;
    }

    /** The disk type that stores a memory type without loss. */
    public static DiskType of(VoxelType t) {
        return switch (t) {
            case UINT8 -> UINT8;
            case UINT16 -> UINT16;
            case FLOAT32 -> FLOAT32;
            case RGB -> RGB24;
        };
    }
}
