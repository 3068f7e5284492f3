package org.condseg.conditioning;

import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Builds the input tensor of a 3D interactive model for one object: the volume resampled trilinearly
 * (clamp-to-edge) onto the {@link VolumeWindow} and normalised on every channel without a condition,
 * and the condition channels (Gaussian clicks, filled box) the model declares. training/common3d.py's
 * {@code encode} is the reference.
 *
 * <pre>{@code
 * float[] x = VolumeEncoder.encode(volume, box, clicks, window, cond, 4); // [4, Mz, My, Mx], x fastest
 * }</pre>
 */
public final class VolumeEncoder {

    private VolumeEncoder() {
    }

    /**
     * @param volume the 3D image (x, y, z from 0)
     * @param box the object's box, or {@code null}
     * @param clicks the object's clicks (both signs)
     * @param window the model grid (from {@link VolumeWindow#around})
     * @param cond the model's conditioning
     * @param channels the number of input channels
     * @return the tensor [channels, Mz, My, Mx], x fastest
     */
    public static float[] encode(RandomAccessibleInterval<? extends RealType<?>> volume, Box box, List<Click> clicks,
            VolumeWindow window, Conditioning cond, int channels) {
        float[][] c = encodeChannels(volume, box, clicks, window, cond, channels);
        int n = window.voxels();
        float[] data = new float[Math.multiplyExact(channels, n)];
        for (int k = 0; k < channels; k++)
            System.arraycopy(c[k], 0, data, k * n, n);
        return data;
    }

    /** As {@link #encode}, one array per channel ([Mz, My, Mx], x fastest; channels without a condition share one array). */
    public static float[][] encodeChannels(RandomAccessibleInterval<? extends RealType<?>> volume, Box box, List<Click> clicks,
            VolumeWindow window, Conditioning cond, int channels) {
        int n = window.voxels();
        float[][] data = new float[channels][];
        for (Conditioning.Condition c : cond.conditions()) {
            if (c.channel() >= channels)
                throw new IllegalArgumentException("condition channel " + c.channel() + " of a " + channels + "-channel input");
            float[] ch = new float[n];
            data[c.channel()] = ch;
            switch (c.kind()) {
                case POSITIVE -> clicks(ch, 0, window, clicks, true, c.sigma());
                case NEGATIVE -> clicks(ch, 0, window, clicks, false, c.sigma());
                case BOX -> {
                    if (box != null)
                        box(ch, 0, window, box);
                }
                case MASK, CLASS -> throw new IllegalArgumentException("a " + c.kind() + " condition is not supported by the 3D interactive path");
            }
        }
        float[] img = sample(volume, window);
        double[] pct = cond.percentiles() == null ? new double[] {0, 100} : cond.percentiles();
        Normalizer.clipAndStandardise(img, pct[0], pct[1]);
        for (int c = 0; c < channels; c++)
            if (data[c] == null)
                data[c] = img;
        return data;
    }

    /** Trilinear, clamp-to-edge sample of the volume at every model voxel, x fastest. */
    public static float[] sample(RandomAccessibleInterval<? extends RealType<?>> volume, VolumeWindow w) {
        int[] m = w.size();
        int[][] i0 = new int[3][], i1 = new int[3][];
        double[][] f = new double[3][];
        for (int a = 0; a < 3; a++) {
            long len = volume.dimension(a);
            i0[a] = new int[m[a]];
            i1[a] = new int[m[a]];
            f[a] = new double[m[a]];
            for (int u = 0; u < m[a]; u++) {
                double p = Math.min(Math.max(w.voxelIndex(a, u), 0), len - 1);
                int lo = (int) Math.floor(p);
                i0[a][u] = lo;
                i1[a][u] = (int) Math.min(lo + 1, len - 1);
                f[a][u] = p - lo;
            }
        }
        long mx = volume.min(0), my = volume.min(1), mz = volume.min(2);
        RandomAccess<? extends RealType<?>> ra = volume.randomAccess();
        float[] out = new float[w.voxels()];
        double[] row0 = new double[m[0]], row1 = new double[m[0]];
        int k = 0;
        for (int z = 0; z < m[2]; z++)
            for (int y = 0; y < m[1]; y++) {
                for (int x = 0; x < m[0]; x++) {
                    row0[x] = 0;
                    row1[x] = 0;
                }
                double fz = f[2][z], fy = f[1][y];
                int[] zs = {i0[2][z], i1[2][z]}, ys = {i0[1][y], i1[1][y]};
                double[] wz = {1 - fz, fz}, wy = {1 - fy, fy};
                for (int a = 0; a < 2; a++)
                    for (int b = 0; b < 2; b++) {
                        double wgt = wz[a] * wy[b];
                        ra.setPosition(mz + zs[a], 2);
                        ra.setPosition(my + ys[b], 1);
                        for (int x = 0; x < m[0]; x++) {
                            ra.setPosition(mx + i0[0][x], 0);
                            row0[x] += wgt * ra.get().getRealDouble();
                            ra.setPosition(mx + i1[0][x], 0);
                            row1[x] += wgt * ra.get().getRealDouble();
                        }
                    }
                for (int x = 0; x < m[0]; x++)
                    out[k++] = (float) (row0[x] * (1 - f[0][x]) + row1[x] * f[0][x]);
            }
        return out;
    }

    /** Gaussian click maps (maximum over the clicks of one sign) into {@code data[off..off+n)}. */
    static void clicks(float[] data, int off, VolumeWindow w, List<Click> clicks, boolean positive, double sigma) {
        int[] m = w.size();
        double s2 = 2 * sigma * sigma;
        for (Click c : clicks) {
            if (c.positive() != positive)
                continue;
            double cx = w.modelCoordinate(0, c.x()), cy = w.modelCoordinate(1, c.y()), cz = w.modelCoordinate(2, c.z());
            int k = off;
            for (int z = 0; z < m[2]; z++)
                for (int y = 0; y < m[1]; y++) {
                    double dzy = (z - cz) * (z - cz) + (y - cy) * (y - cy);
                    for (int x = 0; x < m[0]; x++, k++) {
                        float v = (float) Math.exp(-(dzy + (x - cx) * (x - cx)) / s2);
                        if (v > data[k])
                            data[k] = v;
                    }
                }
        }
    }

    /** 1 where the model voxel's centre lies in the box. */
    static void box(float[] data, int off, VolumeWindow w, Box box) {
        int[] m = w.size();
        long[] lo = {box.x(), box.y(), box.z()};
        long[] len = {box.width(), box.height(), box.depth()};
        boolean[][] in = new boolean[3][];
        for (int a = 0; a < 3; a++) {
            in[a] = new boolean[m[a]];
            for (int u = 0; u < m[a]; u++) {
                double c = w.modelVoxelCentre(a, u);
                in[a][u] = c >= lo[a] && c < lo[a] + len[a];
            }
        }
        int k = off;
        for (int z = 0; z < m[2]; z++)
            for (int y = 0; y < m[1]; y++)
                for (int x = 0; x < m[0]; x++, k++)
                    if (in[2][z] && in[1][y] && in[0][x])
                        data[k] = 1;
    }
}
