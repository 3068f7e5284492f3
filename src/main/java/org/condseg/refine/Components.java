package org.condseg.refine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.condseg.model.Connectivity;

/**
 * Connected components of equal-valued voxels. Objects (non-zero labels) connect through faces, edges
 * and corners (8 neighbours in 2D, 26 in 3D); background through faces only (4 in 2D, 6 in 3D), the
 * dual pair that makes a one-voxel-thick ring enclose its inside. With {@code inPlane} components never
 * cross between slices (z) of a volume. For each component: its label, voxel count, whether it touches
 * the grid's border, and the label of its neighbours where they all carry one label (-1 where mixed).
 *
 * <pre>{@code
 * Components c = Components.of(grid, false);   // a ring of label 1 around background
 * c.neighbour(c.id[grid.index(5, 5, 0)]);     // 1: the hole is enclosed by label 1 alone
 * }</pre>
 */
final class Components {

    /** The component of each voxel. */
    final int[] id;
    private final int[] value;
    private final long[] size;
    private final boolean[] border;
    private final int[] neighbour;

    private Components(int[] id, int[] value, long[] size, boolean[] border, int[] neighbour) {
        this.id = id;
        this.value = value;
        this.size = size;
        this.border = border;
        this.neighbour = neighbour;
    }

    int count() {
        return value.length;
    }

    int value(int c) {
        return value[c];
    }

    long size(int c) {
        return size[c];
    }

    boolean touchesBorder(int c) {
        return border[c];
    }

    /** The one label around component {@code c}, 0 where it has no other-valued neighbour, -1 where several. */
    int neighbour(int c) {
        return neighbour[c];
    }

    static Components of(LabelGrid g, boolean inPlane) {
        int n = g.size();
        int[] id = new int[n];
        Arrays.fill(id, -1);
        int[][] full = offsets(g, true, inPlane), face = offsets(g, false, inPlane);
        int[] queue = new int[n];
        IntList value = new IntList(), neighbours = new IntList();
        IntList sizes = new IntList(), borders = new IntList();
        int plane = g.w * g.h;
        for (int seed = 0; seed < n; seed++) {
            if (id[seed] >= 0)
                continue;
            int c = value.size(), v = g.get(seed);
            int[][] offs = v == 0 ? face : full;
            int head = 0, tail = 0, around = 0;
            boolean atBorder = false;
            queue[tail++] = seed;
            id[seed] = c;
            while (head < tail) {
                int i = queue[head++];
                int x = i % g.w, y = i / g.w % g.h, z = i / plane;
                if (x == 0 || y == 0 || x == g.w - 1 || y == g.h - 1 || (!inPlane && g.d > 1 && (z == 0 || z == g.d - 1)))
                    atBorder = true;
                for (int[] o : offs) {
                    int xx = x + o[0], yy = y + o[1], zz = z + o[2];
                    if (xx < 0 || yy < 0 || zz < 0 || xx >= g.w || yy >= g.h || zz >= g.d)
                        continue;
                    int j = i + o[3];
                    int vj = g.get(j);
                    if (vj == v) {
                        if (id[j] < 0) {
                            id[j] = c;
                            queue[tail++] = j;
                        }
                    } else if (around == 0) {
                        around = vj;
                    } else if (around != vj) {
                        around = -1;
                    }
                }
            }
            value.add(v);
            neighbours.add(around);
            sizes.add(tail);
            borders.add(atBorder ? 1 : 0);
        }
        int[] sizeOf = sizes.toArray(), borderOf = borders.toArray();
        long[] size = new long[sizeOf.length];
        boolean[] border = new boolean[size.length];
        for (int c = 0; c < size.length; c++) {
            size[c] = sizeOf[c];
            border[c] = borderOf[c] != 0;
        }
        return new Components(id, value.toArray(), size, border, neighbours.toArray());
    }

    /** Neighbour offsets {dx, dy, dz, index step}: all 26 (8 in 2D), or the 6 (4) across faces. */
    static int[][] offsets(LabelGrid g, boolean full, boolean inPlane) {
        return (full ? Connectivity.FULL : Connectivity.FACE).offsets(new int[] {g.w, g.h, g.d}, inPlane);
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length)
                a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
