package org.condseg.refine;

import java.util.Random;

/** Tiny label grids for tests: drawn as text (one character per voxel, '.' = 0, slices separated by a blank line), or shapes. */
final class Grids {

    private Grids() {
    }

    /** A grid from rows of digits and dots; slices of a volume are separated by an empty line. */
    static LabelGrid parse(String text, double... spacing) {
        String[] slices = text.strip().split("\\n\\s*\\n");
        String[] first = slices[0].strip().split("\\n");
        int w = first[0].strip().length(), h = first.length, d = slices.length;
        short[] data = new short[w * h * d];
        for (int z = 0; z < d; z++) {
            String[] rows = slices[z].strip().split("\\n");
            for (int y = 0; y < h; y++) {
                String row = rows[y].strip();
                for (int x = 0; x < w; x++) {
                    char c = row.charAt(x);
                    data[x + w * (y + h * z)] = (short) (c == '.' ? 0 : c - '0');
                }
            }
        }
        double[] s = spacing.length == 0 ? new double[] {1, 1, 1} : spacing;
        return new LabelGrid(w, h, d, data, s, spacing.length > 0);
    }

    static String text(LabelGrid g) {
        StringBuilder sb = new StringBuilder();
        for (int z = 0; z < g.d; z++) {
            if (z > 0)
                sb.append('\n');
            for (int y = 0; y < g.h; y++) {
                for (int x = 0; x < g.w; x++) {
                    int v = g.get(g.index(x, y, z));
                    sb.append(v == 0 ? '.' : (char) ('0' + v));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** An ellipsoid (or ellipse where d = 1) of label {@code label} centred at (cx, cy, cz) with radii in voxels. */
    static void ellipsoid(LabelGrid g, int label, double cx, double cy, double cz, double rx, double ry, double rz) {
        for (int z = 0; z < g.d; z++)
            for (int y = 0; y < g.h; y++)
                for (int x = 0; x < g.w; x++) {
                    double dz = g.d == 1 ? 0 : (z - cz) / rz;
                    if (Math.pow((x - cx) / rx, 2) + Math.pow((y - cy) / ry, 2) + dz * dz <= 1)
                        g.set(g.index(x, y, z), label);
                }
    }

    static LabelGrid empty(int w, int h, int d, double... spacing) {
        return new LabelGrid(w, h, d, new short[w * h * d], spacing.length == 0 ? new double[] {1, 1, 1} : spacing,
                spacing.length > 0);
    }

    static LabelGrid random(Random rnd, int w, int h, int d, double density, int labels) {
        LabelGrid g = empty(w, h, d);
        for (int i = 0; i < g.size(); i++)
            if (rnd.nextDouble() < density)
                g.set(i, 1 + rnd.nextInt(labels));
        return g;
    }

    /** Dice of the non-zero voxels. */
    static double dice(LabelGrid a, LabelGrid b) {
        long both = 0, na = 0, nb = 0;
        for (int i = 0; i < a.size(); i++) {
            boolean x = a.get(i) != 0, y = b.get(i) != 0;
            na += x ? 1 : 0;
            nb += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }
        return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
    }

    static LabelGrid copy(LabelGrid g) {
        return new LabelGrid(g.w, g.h, g.d, g.data.clone(), g.spacing, g.calibrated);
    }
}
