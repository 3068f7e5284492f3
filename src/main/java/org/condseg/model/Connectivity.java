package org.condseg.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Which voxels touch: across faces only (4 neighbours in 2D, 6 in 3D) or also across edges and corners
 * (8 in 2D, 26 in 3D). The one flood fill that decoding (the prompted or largest component), the 3D
 * model's kept component and label refinement use, over an x-fastest grid of {@code dims} (x, y[, z]).
 *
 * <pre>{@code
 * int[] comp = new int[w * h];
 * int[] sizes = Connectivity.FACE.label(mask, comp, new int[] {w, h}); // comp: 1, 2, ...; sizes[id]
 * }</pre>
 */
public enum Connectivity {
    /** 4-connected in 2D, 6-connected in 3D */
    FACE,
    /** 8-connected in 2D, 26-connected in 3D */
    FULL;

    /** The connectivity a model names in {@code postprocess.connectivity}: 4 or 6 (faces), 8 or 26 (full). */
    public static Connectivity of(int neighbours) {
        return switch (neighbours) {
            case 4, 6 -> FACE;
            case 8, 26 -> FULL;
            default -> throw new IllegalArgumentException("connectivity " + neighbours + " is not 4 or 8 (2D), 6 or 26 (3D)");
        };
    }

    /**
     * The neighbour offsets {@code {dx, dy, dz, index step}} on a grid of {@code dims}; {@code inPlane}
     * keeps them within a slice (z) of a 3D grid.
     */
    public int[][] offsets(int[] dims, boolean inPlane) {
        int w = dims[0], h = dims[1];
        int zr = dims.length > 2 && dims[2] > 1 && !inPlane ? 1 : 0;
        List<int[]> out = new ArrayList<>();
        for (int dz = -zr; dz <= zr; dz++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
                    if (manhattan == 0 || (this == FACE && manhattan > 1))
                        continue;
                    out.add(new int[] {dx, dy, dz, dx + w * (dy + h * dz)});
                }
        return out.toArray(int[][]::new);
    }

    /**
     * Floods from {@code seed}: every voxel reached through neighbours that {@code claim} accepts (it
     * marks what it accepts, so each is claimed once). The seed is offered to {@code claim} first.
     *
     * @param scratch a queue reused between calls; it grows to one int per claimed voxel
     * @return the voxels claimed
     */
    public long flood(int seed, int[] dims, IntPredicate claim, Scratch scratch) {
        if (!claim.test(seed))
            return 0;
        int[] queue = scratch.items;
        int w = dims[0], h = dims[1], d = dims.length > 2 ? dims[2] : 1, plane = w * h;
        int[][] offs = offsets(dims, false);
        int head = 0, tail = 0;
        queue[tail++] = seed;
        while (head < tail) {
            int i = queue[head++];
            int x = i % w, y = (i / w) % h, z = i / plane;
            for (int[] o : offs) {
                int nx = x + o[0], ny = y + o[1], nz = z + o[2];
                if (nx < 0 || ny < 0 || nz < 0 || nx >= w || ny >= h || nz >= d)
                    continue;
                int j = i + o[3];
                if (claim.test(j)) {
                    if (tail == queue.length)
                        queue = scratch.items = java.util.Arrays.copyOf(queue, queue.length * 2);
                    queue[tail++] = j;
                }
            }
        }
        return tail;
    }

    /** The growable queue of {@link #flood}. */
    public static final class Scratch {
        int[] items = new int[1024];
    }

    /**
     * Labels the components of {@code fg} into {@code comp} (1, 2, ... in scan order; 0 outside).
     *
     * @return each component's size by its label (index 0 unused)
     */
    public int[] label(boolean[] fg, int[] comp, int[] dims) {
        Scratch queue = new Scratch();
        int[] sizes = new int[16];
        int next = 1;
        for (int start = 0; start < fg.length; start++) {
            if (!fg[start] || comp[start] != 0)
                continue;
            if (next == sizes.length)
                sizes = java.util.Arrays.copyOf(sizes, sizes.length * 2);
            final int id = next;
            sizes[next++] = (int) flood(start, dims, i -> {
                if (!fg[i] || comp[i] != 0)
                    return false;
                comp[i] = id;
                return true;
            }, queue);
        }
        return java.util.Arrays.copyOf(sizes, next);
    }
}
