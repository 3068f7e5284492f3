package org.condseg;

import java.util.Random;

import org.condseg.model.Box;

/**
 * Seeded synthetic stacks with a known answer: one irregular 3D object (two overlapping lobes with
 * a wavy surface, so its slices are concave and change shape along z) and a smaller separate
 * distractor, brighter than a textured, noisy background; the truth marks the object only.
 *
 * <pre>{@code
 * SyntheticVolumes.Blob b = SyntheticVolumes.blob(7, 96, 80, 24);
 * Box seed = b.seedBox(); // the object's tight box on its largest slice
 * }</pre>
 */
public final class SyntheticVolumes {

    private SyntheticVolumes() {
    }

    /**
     * A stack and its truth, planes x fastest.
     *
     * @param image 16-bit planes (values below 32768)
     * @param truth 0/1 planes of the object
     * @param seedSlice the slice where the object is largest
     */
    public record Blob(int width, int height, int depth, short[][] image, byte[][] truth, int seedSlice) {

        /** The object's tight box on its seed slice. */
        public Box seedBox() {
            int x0 = width, y0 = height, x1 = -1, y1 = -1;
            for (int i = 0; i < width * height; i++)
                if (truth[seedSlice][i] != 0) {
                    x0 = Math.min(x0, i % width);
                    x1 = Math.max(x1, i % width);
                    y0 = Math.min(y0, i / width);
                    y1 = Math.max(y1, i / width);
                }
            return new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1, seedSlice, 1);
        }

        public long objectVoxels() {
            long n = 0;
            for (byte[] p : truth)
                for (byte b : p)
                    n += b;
            return n;
        }
    }

    public static Blob blob(long seed, int w, int h, int d) {
        Random r = new Random(seed);
        double cx = w * (0.45 + 0.1 * r.nextDouble()), cy = h * (0.45 + 0.1 * r.nextDouble()), cz = (d - 1) * (0.45 + 0.1 * r.nextDouble());
        double rx = w * 0.2, ry = h * 0.2, rz = d * 0.36;
        // second lobe: offset diagonally, smaller, so slices are concave where the lobes meet
        double ox = rx * 0.9 * (r.nextBoolean() ? 1 : -1), oy = ry * 0.7 * (r.nextBoolean() ? 1 : -1), oz = rz * 0.25;
        double a = r.nextDouble() * 6.28, b = r.nextDouble() * 6.28;
        short[][] image = new short[d][w * h];
        byte[][] truth = new byte[d][w * h];
        double[] texture = smoothNoise(r, w, h, 6);
        int best = 0;
        long bestArea = -1;
        for (int z = 0; z < d; z++) {
            long area = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double dx = (x - cx) / rx, dy = (y - cy) / ry, dz = (z - cz) / rz;
                    double theta = Math.atan2(dy, dx), phi = Math.atan2(dz, Math.hypot(dx, dy));
                    double wave = 1 + 0.18 * Math.sin(3 * theta + a) * Math.cos(2 * phi + b) + 0.08 * Math.sin(5 * theta + b);
                    boolean lobe1 = Math.sqrt(dx * dx + dy * dy + dz * dz) < wave;
                    double ex = (x - cx - ox) / (rx * 0.65), ey = (y - cy - oy) / (ry * 0.6), ez = (z - cz - oz) / (rz * 0.7);
                    boolean lobe2 = ex * ex + ey * ey + ez * ez < 1;
                    double fx = (x - w * 0.12) / (w * 0.07), fy = (y - h * 0.85) / (h * 0.07), fz = (z - cz) / (rz * 0.8);
                    boolean distractor = fx * fx + fy * fy + fz * fz < 1;
                    boolean inside = lobe1 || lobe2;
                    int i = y * w + x;
                    truth[z][i] = (byte) (inside ? 1 : 0);
                    if (inside)
                        area++;
                    double v = 300 + 80 * texture[i] + (inside ? 500 : distractor ? 450 : 0) + 40 * r.nextGaussian();
                    image[z][i] = (short) Math.max(0, Math.min(30000, Math.round(v)));
                }
            if (area > bestArea) {
                bestArea = area;
                best = z;
            }
        }
        for (int z = 0; z < d; z++)
            blur(image[z], w, h);
        return new Blob(w, h, d, image, truth, best);
    }

    /** Smooth noise in [-1, 1]: random values on a coarse grid, bilinearly interpolated. */
    private static double[] smoothNoise(Random r, int w, int h, int cells) {
        double[][] g = new double[cells + 1][cells + 1];
        for (double[] row : g)
            for (int i = 0; i < row.length; i++)
                row[i] = 2 * r.nextDouble() - 1;
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double u = (double) x / w * cells, v = (double) y / h * cells;
                int i = (int) u, j = (int) v;
                double fu = u - i, fv = v - j;
                out[y * w + x] = (1 - fu) * (1 - fv) * g[j][i] + fu * (1 - fv) * g[j][i + 1] + (1 - fu) * fv * g[j + 1][i] + fu * fv * g[j + 1][i + 1];
            }
        return out;
    }

    /** A 3 x 3 box blur in place (edges clamped): softens the object's border like a real acquisition. */
    private static void blur(short[] p, int w, int h) {
        short[] src = p.clone();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int sum = 0;
                for (int j = -1; j <= 1; j++)
                    for (int i = -1; i <= 1; i++) {
                        int xx = Math.min(w - 1, Math.max(0, x + i)), yy = Math.min(h - 1, Math.max(0, y + j));
                        sum += src[yy * w + xx];
                    }
                p[y * w + x] = (short) (sum / 9);
            }
    }
}
