package org.condseg.refine;

import java.util.BitSet;

/**
 * {@code open:R} and {@code close:R}: morphological opening (erosion, then dilation) and closing
 * (dilation, then erosion) of each label by an ellipsoid of radius {@code R} in calibrated units
 * ({@code 1.5mm}: the radius in voxels is {@code R / spacing} on each axis, so a volume of 0.5 × 0.5 ×
 * 3 mm voxels gets a flat ellipsoid) or in voxels ({@code 2px}). The structuring element holds every
 * offset within {@code R}; erosion and dilation are thresholds of the exact Euclidean distance
 * transform, which equal the brute-force operations with that element. For opening, outside the image
 * counts as the object (an object cut by the border is not worn away there); closing works as if the
 * image went on as background (it never spreads along the border). Opening turns the removed voxels
 * into background; closing fills only background voxels, and a voxel two labels' closings both reach
 * stays background.
 *
 * <pre>{@code
 * Morphology.parse(false, "1.5mm").apply(grid, ctx);   // removes spurs and specks thinner than 3 mm
 * }</pre>
 */
record Morphology(boolean close, Quantity radius) implements RefineStep {

    static Morphology parse(boolean close, String argument) {
        String name = close ? "close" : "open";
        if (argument == null)
            throw new IllegalArgumentException("needs a radius, e.g. " + name + ":1.5mm or " + name + ":2px");
        Quantity q = Quantity.parse(argument);
        if (q.power() != 1)
            throw new IllegalArgumentException("'" + argument + "' is not a length; give a radius such as 1.5mm or 2px");
        return new Morphology(close, q);
    }

    @Override
    public void apply(LabelGrid g, RefineContext context) {
        if (!radius.pixels() && !g.calibrated)
            throw new IllegalArgumentException(text() + ": the image is not calibrated in a length unit; give the radius in px");
        double[] sp = radius.pixels() ? new double[] {1, 1, 1} : g.spacing;
        double r = radius.pixels() ? radius.value() : radius.inMillimetres();
        double rr = r * r * (1 + 1e-9);
        int[] size = {g.w, g.h, g.d};
        int[] reach = new int[3];
        for (int a = 0; a < 3; a++)
            reach[a] = size[a] == 1 ? 0 : (int) Math.min(size[a], Math.floor(r / sp[a] * (1 + 1e-9)));
        Boxes boxes = Boxes.of(g);
        short[] original = g.data.clone();
        BitSet contested = close ? new BitSet() : null;
        for (int label = 1; label < boxes.count(); label++) {
            if (!boxes.present(label))
                continue;
            context.checkCancelled();
            int[] lo = new int[3], hi = new int[3];
            for (int a = 0; a < 3; a++) {
                int m = size[a] == 1 ? 0 : close ? reach[a] + 1 : 1;
                lo[a] = boxes.min(label, a) - m;
                hi[a] = boxes.max(label, a) + m;
                if (!close) { // opening: outside the image is not background
                    lo[a] = Math.max(0, lo[a]);
                    hi[a] = Math.min(size[a] - 1, hi[a]);
                }
            }
            int bw = hi[0] - lo[0] + 1, bh = hi[1] - lo[1] + 1, bd = hi[2] - lo[2] + 1;
            boolean[] in = new boolean[bw * bh * bd];
            for (int z = 0; z < bd; z++)
                for (int y = 0; y < bh; y++)
                    for (int x = 0; x < bw; x++)
                        in[x + bw * (y + bh * z)] = inside(g, x + lo[0], y + lo[1], z + lo[2])
                                && (original[g.index(x + lo[0], y + lo[1], z + lo[2])] & 0xFFFF) == label;
            boolean[] result = close ? closing(in, bw, bh, bd, sp, rr) : opening(in, bw, bh, bd, sp, rr);
            for (int z = 0; z < bd; z++)
                for (int y = 0; y < bh; y++)
                    for (int x = 0; x < bw; x++) {
                        if (!inside(g, x + lo[0], y + lo[1], z + lo[2]))
                            continue;
                        int j = x + bw * (y + bh * z), i = g.index(x + lo[0], y + lo[1], z + lo[2]);
                        if (!close) {
                            if (in[j] && !result[j])
                                g.set(i, 0);
                        } else if (result[j] && original[i] == 0 && !contested.get(i)) {
                            if (g.get(i) == 0) {
                                g.set(i, label);
                            } else {
                                contested.set(i);
                                g.set(i, 0);
                            }
                        }
                    }
        }
    }

    private static boolean inside(LabelGrid g, int x, int y, int z) {
        return x >= 0 && y >= 0 && z >= 0 && x < g.w && y < g.h && z < g.d;
    }

    static boolean[] opening(boolean[] in, int w, int h, int d, double[] sp, double rr) {
        return dilate(erode(in, w, h, d, sp, rr), w, h, d, sp, rr);
    }

    static boolean[] closing(boolean[] in, int w, int h, int d, double[] sp, double rr) {
        return erode(dilate(in, w, h, d, sp, rr), w, h, d, sp, rr);
    }

    /** Voxels of the set with no background voxel (inside the grid) within the radius. */
    static boolean[] erode(boolean[] in, int w, int h, int d, double[] sp, double rr) {
        boolean[] background = new boolean[in.length];
        for (int i = 0; i < in.length; i++)
            background[i] = !in[i];
        double[] d2 = DistanceTransform.squared(background, w, h, d, sp);
        boolean[] out = new boolean[in.length];
        for (int i = 0; i < in.length; i++)
            out[i] = in[i] && d2[i] > rr;
        return out;
    }

    /** Voxels within the radius of the set. */
    static boolean[] dilate(boolean[] in, int w, int h, int d, double[] sp, double rr) {
        double[] d2 = DistanceTransform.squared(in, w, h, d, sp);
        boolean[] out = new boolean[in.length];
        for (int i = 0; i < in.length; i++)
            out[i] = d2[i] <= rr;
        return out;
    }

    @Override
    public String text() {
        return (close ? "close:" : "open:") + radius;
    }
}
