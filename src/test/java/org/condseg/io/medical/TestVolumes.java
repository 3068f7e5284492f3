package org.condseg.io.medical;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random voxels and an oblique geometry for the format tests. */
public final class TestVolumes {

    /** An oblique LPS geometry with unequal spacing and a non-zero origin. */
    public static final Geometry OBLIQUE = new Geometry(new double[] {0.7, 1.3, 2.5}, new double[] {-12.5, 100.25, -3},
            new double[][] {{0, 0.6, 0.8}, {1, 0, 0}, {0, 0.8, -0.6}});

    private TestVolumes() {
    }

    /** Random voxels of any type, {@code c} channels and {@code t} frames. */
    public static Voxels random(VoxelType type, int w, int h, int z, int t, int c, long seed) {
        Random r = new Random(seed);
        List<Object> planes = new ArrayList<>();
        for (int i = 0; i < z * t * c; i++) {
            Object p = type.newPlane(w * h);
            for (int k = 0; k < w * h; k++)
                switch (type) {
                    case UINT8 -> ((byte[]) p)[k] = (byte) r.nextInt(256);
                    case UINT16 -> ((short[]) p)[k] = (short) r.nextInt(65536);
                    case FLOAT32 -> ((float[]) p)[k] = (float) r.nextGaussian() * 1000;
                    case RGB -> ((int[]) p)[k] = r.nextInt(1 << 24);
                }
            planes.add(p);
        }
        return new Voxels(w, h, z, c, t, type, planes);
    }

    /** Random single-channel voxels. */
    public static Voxels random(VoxelType type, int w, int h, int z, int t) {
        return random(type, w, h, z, t, 1, w * 31L + h * 7L + z);
    }
}
