package org.condseg.io.medical;

/**
 * The voxel types held in memory: those ImageJ 1 holds. Plane arrays are {@code byte[]} (UINT8),
 * {@code short[]} (UINT16), {@code float[]} (FLOAT32) or {@code int[]} packed 0xRRGGBB (RGB).
 *
 * <pre>{@code
 * Object plane = VoxelType.UINT16.newPlane(64 * 48);
 * }</pre>
 */
public enum VoxelType {
    UINT8, UINT16, FLOAT32, RGB;

    /** A zeroed plane of {@code n} voxels. */
    public Object newPlane(int n) {
        return switch (this) {
            case UINT8 -> new byte[n];
            case UINT16 -> new short[n];
            case FLOAT32 -> new float[n];
            case RGB -> new int[n];
        };
    }

    /** Bytes per voxel in memory. */
    public int bytes() {
        return switch (this) {
            case UINT8 -> 1;
            case UINT16 -> 2;
            case FLOAT32, RGB -> 4;
        };
    }

    /** The type of a plane array, or an exception naming what it is. */
    public static VoxelType of(Object plane) {
        if (plane instanceof byte[])
            return UINT8;
        if (plane instanceof short[])
            return UINT16;
        if (plane instanceof float[])
            return FLOAT32;
        if (plane instanceof int[])
            return RGB;
        throw new IllegalArgumentException("not a plane array: " + (plane == null ? "null" : plane.getClass().getSimpleName()));
    }
}
