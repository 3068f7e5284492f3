package org.condseg.io.medical;

import java.util.List;

/**
 * Voxels as planes of {@code width × height}, in ImageJ's order: channel fastest, then slice, then
 * frame (plane index {@code c + z·channels + t·channels·slices}), all of one {@link VoxelType}.
 *
 * <pre>{@code
 * Voxels v = new Voxels(64, 48, 3, 1, 1, VoxelType.UINT8, List.of(new byte[3072], new byte[3072], new byte[3072]));
 * }</pre>
 */
public record Voxels(int width, int height, int slices, int channels, int frames, VoxelType type, List<Object> planes) {

    public Voxels {
        if (width < 1 || height < 1 || slices < 1 || channels < 1 || frames < 1)
            throw new IllegalArgumentException("voxels need positive sizes, got " + width + "x" + height + "x" + slices
                    + " with " + channels + " channel(s) and " + frames + " frame(s)");
        if ((long) slices * channels * frames != planes.size())
            throw new IllegalArgumentException(slices + " slices x " + channels + " channels x " + frames + " frames need "
                    + (long) slices * channels * frames + " planes, got " + planes.size());
        for (Object p : planes)
            if (VoxelType.of(p) != type || java.lang.reflect.Array.getLength(p) != (long) width * height)
                throw new IllegalArgumentException("every plane must be a " + type + " array of " + (long) width * height + " voxels");
        planes = List.copyOf(planes);
    }

    /** The plane of channel {@code c}, slice {@code z}, frame {@code t} (all from 0). */
    public Object plane(int c, int z, int t) {
        return planes.get(c + z * channels + t * channels * slices);
    }

    /**
     * Reorders planes stored slice fastest, then frame, then channel (as NIfTI's x,y,z,t,u and
     * NRRD/MetaImage store them) into ImageJ's order.
     */
    public static Voxels fromSliceMajor(int width, int height, int slices, int frames, int channels, VoxelType type,
            List<Object> diskOrder) {
        Object[] out = new Object[diskOrder.size()];
        for (int c = 0; c < channels; c++)
            for (int t = 0; t < frames; t++)
                for (int z = 0; z < slices; z++)
                    out[c + z * channels + t * channels * slices] = diskOrder.get(z + t * slices + c * slices * frames);
        return new Voxels(width, height, slices, channels, frames, type, List.of(out));
    }

    /** The planes slice fastest, then frame, then channel: the inverse of {@link #fromSliceMajor}. */
    public List<Object> sliceMajor() {
        Object[] out = new Object[planes.size()];
        for (int c = 0; c < channels; c++)
            for (int t = 0; t < frames; t++)
                for (int z = 0; z < slices; z++)
                    out[z + t * slices + c * slices * frames] = plane(c, z, t);
        return List.of(out);
    }
}
