package org.condseg.conditioning;

import java.util.Arrays;

import org.condseg.model.Connectivity;

/**
 * Keeps the 6-connected foreground component(s) of a 3D mask that a seed voxel hits, or else the
 * largest one. The mask is a {@code byte[]} over an x-fastest box of {@code dims}: 1 = foreground,
 * 0 = background; on return the kept voxels are 2, the other foreground voxels 3. Memory: the mask and
 * a stack of at most one int per foreground voxel.
 *
 * <pre>{@code
 * Components3d.keep(state, new int[] {w, h, d}, new int[] {seedIndex});
 * }</pre>
 */
public final class Components3d {

    public static final byte BACKGROUND = 0, FOREGROUND = 1, KEPT = 2, DROPPED = 3;

    private Components3d() {
    }

    /**
     * @param state the mask, changed in place
     * @param dims the box size x, y, z
     * @param seeds voxel indices (x fastest) of the positive prompts in the box; others are ignored
     * @return the number of kept voxels
     */
    public static long keep(byte[] state, int[] dims, int[] seeds) {
        return keep(state, dims, seeds, Connectivity.FACE);
    }

    /** The same with the components' connectivity (faces: 6-connected; full: 26-connected). */
    public static long keep(byte[] state, int[] dims, int[] seeds, Connectivity connectivity) {
        long n = (long) dims[0] * dims[1] * dims[2];
        if (n != state.length)
            throw new IllegalArgumentException("mask of " + state.length + " voxels for a box " + Arrays.toString(dims));
        Connectivity.Scratch stack = new Connectivity.Scratch();
        long kept = 0;
        for (int s : seeds)
            if (s >= 0 && s < state.length && state[s] == FOREGROUND)
                kept += fill(state, dims, s, FOREGROUND, KEPT, connectivity, stack);
        if (kept == 0) {
            long best = 0;
            int bestSeed = -1;
            for (int i = 0; i < state.length; i++)
                if (state[i] == FOREGROUND) {
                    long size = fill(state, dims, i, FOREGROUND, DROPPED, connectivity, stack);
                    if (size > best) {
                        best = size;
                        bestSeed = i;
                    }
                }
            if (bestSeed >= 0)
                kept = fill(state, dims, bestSeed, DROPPED, KEPT, connectivity, stack);
            return kept;
        }
        for (int i = 0; i < state.length; i++)
            if (state[i] == FOREGROUND)
                state[i] = DROPPED;
        return kept;
    }

    /** Turns the connected component of {@code from} voxels at {@code seed} into {@code to}. */
    private static long fill(byte[] state, int[] dims, int seed, byte from, byte to, Connectivity connectivity,
            Connectivity.Scratch scratch) {
        return connectivity.flood(seed, dims, i -> {
            if (state[i] != from)
                return false;
            state[i] = to;
            return true;
        }, scratch);
    }
}
