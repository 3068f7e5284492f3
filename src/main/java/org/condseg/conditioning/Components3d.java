package org.condseg.conditioning;

import java.util.Arrays;

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
        long n = (long) dims[0] * dims[1] * dims[2];
        if (n != state.length)
            throw new IllegalArgumentException("mask of " + state.length + " voxels for a box " + Arrays.toString(dims));
        Stack stack = new Stack();
        long kept = 0;
        for (int s : seeds)
            if (s >= 0 && s < state.length && state[s] == FOREGROUND)
                kept += fill(state, dims, s, FOREGROUND, KEPT, stack);
        if (kept == 0) {
            long best = 0;
            int bestSeed = -1;
            for (int i = 0; i < state.length; i++)
                if (state[i] == FOREGROUND) {
                    long size = fill(state, dims, i, FOREGROUND, DROPPED, stack);
                    if (size > best) {
                        best = size;
                        bestSeed = i;
                    }
                }
            if (bestSeed >= 0)
                kept = fill(state, dims, bestSeed, DROPPED, KEPT, stack);
            return kept;
        }
        for (int i = 0; i < state.length; i++)
            if (state[i] == FOREGROUND)
                state[i] = DROPPED;
        return kept;
    }

    /** Turns the 6-connected component of {@code from} voxels at {@code seed} into {@code to}. */
    private static long fill(byte[] state, int[] dims, int seed, byte from, byte to, Stack stack) {
        int w = dims[0], h = dims[1], d = dims[2];
        int plane = w * h;
        long count = 0;
        state[seed] = to;
        stack.push(seed);
        while (stack.size > 0) {
            int i = stack.pop();
            count++;
            int x = i % w, y = (i / w) % h, z = i / plane;
            if (x > 0 && state[i - 1] == from) { state[i - 1] = to; stack.push(i - 1); }
            if (x < w - 1 && state[i + 1] == from) { state[i + 1] = to; stack.push(i + 1); }
            if (y > 0 && state[i - w] == from) { state[i - w] = to; stack.push(i - w); }
            if (y < h - 1 && state[i + w] == from) { state[i + w] = to; stack.push(i + w); }
            if (z > 0 && state[i - plane] == from) { state[i - plane] = to; stack.push(i - plane); }
            if (z < d - 1 && state[i + plane] == from) { state[i + plane] = to; stack.push(i + plane); }
        }
        return count;
    }

    private static final class Stack {
        int[] items = new int[1024];
        int size;

        void push(int v) {
            if (size == items.length)
                items = Arrays.copyOf(items, (int) Math.min(Integer.MAX_VALUE - 8, 2L * items.length));
            items[size++] = v;
        }

        int pop() {
            return items[--size];
        }
    }
}
