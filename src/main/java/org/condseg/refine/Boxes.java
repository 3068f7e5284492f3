package org.condseg.refine;

import java.util.Arrays;

/**
 * The bounding box of each label of a {@link LabelGrid} (inclusive voxel bounds per axis).
 *
 * <pre>{@code
 * Boxes b = Boxes.of(grid);
 * if (b.present(2)) { int x0 = b.min(2, 0), x1 = b.max(2, 0); }
 * }</pre>
 */
final class Boxes {

    private final int[] min, max;

    private Boxes(int[] min, int[] max) {
        this.min = min;
        this.max = max;
    }

    static Boxes of(LabelGrid g) {
        int labels = g.maxLabel() + 1;
        int[] min = new int[labels * 3], max = new int[labels * 3];
        Arrays.fill(min, Integer.MAX_VALUE);
        Arrays.fill(max, -1);
        int i = 0;
        for (int z = 0; z < g.d; z++)
            for (int y = 0; y < g.h; y++)
                for (int x = 0; x < g.w; x++, i++) {
                    int l = g.get(i);
                    if (l == 0)
                        continue;
                    int b = 3 * l;
                    if (x < min[b]) min[b] = x;
                    if (x > max[b]) max[b] = x;
                    if (y < min[b + 1]) min[b + 1] = y;
                    if (y > max[b + 1]) max[b + 1] = y;
                    if (z < min[b + 2]) min[b + 2] = z;
                    if (z > max[b + 2]) max[b + 2] = z;
                }
        return new Boxes(min, max);
    }

    /** Labels 0 … count − 1 may be present. */
    int count() {
        return min.length / 3;
    }

    boolean present(int label) {
        return label > 0 && label < count() && max[3 * label] >= 0;
    }

    int min(int label, int axis) {
        return min[3 * label + axis];
    }

    int max(int label, int axis) {
        return max[3 * label + axis];
    }
}
