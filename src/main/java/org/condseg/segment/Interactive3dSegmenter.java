package org.condseg.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.conditioning.Components3d;
import org.condseg.conditioning.VolumeEncoder;
import org.condseg.conditioning.VolumeWindow;
import org.condseg.model.OptionKey;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Tensor;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.condseg.tiling.TiledPredictor;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Runs a 3D interactive model (training/common3d.py's contract): each box is one object, with the
 * clicks inside it; without boxes, all clicks form one object. For each object the volume is
 * resampled onto the isotropic {@link VolumeWindow} around the prompt and encoded, the network runs
 * over that grid tiled with Gaussian stitching (config.condseg.tile, overlap, size_multiple; one tile
 * where the grid is smaller), and the probability is back-projected trilinearly onto the voxels whose
 * centre lies in the window, thresholded, clipped to the box and reduced to the 6-connected component(s)
 * under the positive clicks (else the largest); test-time flips are not applied. Object k gets label k; the probability image keeps
 * the maximum over the objects. Memory beyond the result: one byte per voxel of the window's part of
 * the image, and the model grid.
 *
 * <pre>{@code
 * SegmentResult r = new Interactive3dSegmenter(spec, net).segment(request, Progress.NONE, () -> false);
 * }</pre>
 */
final class Interactive3dSegmenter {

    private static final int DEFAULT_TILE = 48;

    private final ModelSpec spec;
    private final Network network;
    private final Conditioning cond;

    Interactive3dSegmenter(ModelSpec spec, Network network) {
        this.spec = spec;
        this.network = network;
        this.cond = spec.conditioning();
    }

    SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled)
            throws UsageException, RunException {
        if (request.prompts().mask() != null)
            throw new UsageException("model " + spec.id() + " takes boxes and points; a mask or scribble prompt is for 2D models");
        var image = request.image().pixels();
        long w = image.dimension(0), h = image.dimension(1), d = image.dimension(2);
        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(w, h, d);
        Img<FloatType> prob = ArrayImgs.floats(w, h, d);
        double[] spacing = request.image().calibration().spacing();
        Conditioning.Window3d w3 = cond.window3d() == null ? Conditioning.Window3d.DEFAULT : cond.window3d();
        long[] tile = tileSize();
        double overlap = request.options().overlap() >= 0 ? request.options().overlap() : cond.overlap();
        TiledPredictor predictor = new TiledPredictor(tile, overlap, cond.sizeMultiple());
        List<Box> boxes = request.prompts().boxes();
        List<List<Click>> objectClicks = new ArrayList<>();
        if (boxes.isEmpty())
            objectClicks.add(request.prompts().clicks());
        else
            for (Box b : boxes)
                objectClicks.add(request.prompts().clicks().stream().filter(c -> inside(c, b)).toList());
        int objects = objectClicks.size();
        List<String> windows = new ArrayList<>();
        for (int k = 0; k < objects; k++) {
            if (cancelled.getAsBoolean())
                throw new CancellationException("cancelled at object " + (k + 1));
            Box box = boxes.isEmpty() ? null : boxes.get(k);
            List<Click> clicks = objectClicks.get(k);
            VolumeWindow win = VolumeWindow.around(box, clicks, spacing, w3);
            windows.add(win.toString());
            float[] p = probability(image, box, clicks, win, predictor, k, objects, progress, cancelled);
            write(p, win, box, clicks, labels, prob, k + 1);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("windowed", true);
        run.put("grid", "isotropic");
        run.put("windows", windows);
        run.put("tile", tile);
        run.put("overlap", overlap);
        run.put("blend", "gaussian");
        run.put("tta", false); // flips are not applied on the 3D path
        return new SegmentResult(labels, prob, Provenance.of(spec, request, run));
    }

    /** The activated model output over the window's grid, x fastest. */
    private float[] probability(RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> image, Box box,
            List<Click> clicks, VolumeWindow win, TiledPredictor predictor, int object, int objects, Progress progress,
            BooleanSupplier cancelled) throws RunException {
        int channels = spec.input().channels();
        int n = win.voxels();
        int[] m = win.size();
        List<RandomAccessibleInterval<FloatType>> in = new ArrayList<>();
        for (float[] ch : VolumeEncoder.encodeChannels(image, box, clicks, win, cond, channels))
            in.add(ArrayImgs.floats(ch, m[0], m[1], m[2]));
        float[] out = new float[n];
        try {
            predictor.predict(in, this::runTile, List.of(ArrayImgs.floats(out, m[0], m[1], m[2])),
                    (done, total) -> progress.update("tiles", (long) object * total + done, (long) objects * total), cancelled);
        } catch (RunException | CancellationException e) {
            throw e;
        } catch (Exception e) {
            throw new RunException(spec.id(), e.getMessage(), e);
        }
        cond.activation().apply(out);
        return out;
    }

    private float[] runTile(float[] data, long[] shape) throws RunException {
        long[] batched = new long[shape.length + 1];
        batched[0] = 1;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        return network.run(List.of(new Tensor(spec.input().id(), batched, data))).get(0).data();
    }

    /**
     * Back-projects {@code p} onto the voxels whose centre lies in the window (trilinear, model
     * coordinates clamped to the grid), keeps the prompted component and writes label and probability.
     */
    private void write(float[] p, VolumeWindow win, Box box, List<Click> clicks, Img<UnsignedShortType> labels,
            Img<FloatType> prob, int label) {
        long[] min = new long[3], max = new long[3];
        int[] dims = new int[3];
        for (int a = 0; a < 3; a++) {
            min[a] = Math.max(0, win.firstVoxel(a));
            max[a] = Math.min(labels.dimension(a), win.endVoxel(a)) - 1;
            if (max[a] < min[a])
                return;
            dims[a] = (int) (max[a] - min[a] + 1);
        }
        long voxels = (long) dims[0] * dims[1] * dims[2];
        if (voxels > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("the window covers " + voxels + " voxels, more than one pass can hold");
        int[] m = win.size();
        int[][] i0 = new int[3][], i1 = new int[3][];
        double[][] f = new double[3][];
        for (int a = 0; a < 3; a++) {
            i0[a] = new int[dims[a]];
            i1[a] = new int[dims[a]];
            f[a] = new double[dims[a]];
            for (int i = 0; i < dims[a]; i++) {
                double u = Math.min(Math.max(win.modelCoordinate(a, min[a] + i), 0), m[a] - 1);
                int lo = (int) Math.floor(u);
                i0[a][i] = lo;
                i1[a][i] = Math.min(lo + 1, m[a] - 1);
                f[a][i] = u - lo;
            }
        }
        boolean[][] inBox = new boolean[3][];
        long[] boxLo = box == null ? null : new long[] {box.x(), box.y(), box.z()};
        long[] boxLen = box == null ? null : new long[] {box.width(), box.height(), box.depth()};
        for (int a = 0; a < 3; a++) {
            inBox[a] = new boolean[dims[a]];
            for (int i = 0; i < dims[a]; i++) {
                long v = min[a] + i;
                inBox[a][i] = box == null || !cond.clipToBox() || (v >= boxLo[a] && v < boxLo[a] + boxLen[a]);
            }
        }
        FinalInterval region = new FinalInterval(min, max);
        byte[] state = new byte[(int) voxels];
        double threshold = cond.threshold();
        int mx = m[0], plane = m[0] * m[1];
        Cursor<FloatType> pc = Views.flatIterable(Views.interval(prob, region)).cursor();
        int k = 0;
        for (int z = 0; z < dims[2]; z++) {
            int z0 = i0[2][z] * plane, z1 = i1[2][z] * plane;
            double fz = f[2][z];
            for (int y = 0; y < dims[1]; y++) {
                int y0 = i0[1][y] * mx, y1 = i1[1][y] * mx;
                double fy = f[1][y];
                boolean zyIn = inBox[2][z] && inBox[1][y];
                for (int x = 0; x < dims[0]; x++, k++) {
                    int x0 = i0[0][x], x1 = i1[0][x];
                    double a0 = p[z0 + y0 + x0] * (1 - fz) + p[z1 + y0 + x0] * fz;
                    double a1 = p[z0 + y1 + x0] * (1 - fz) + p[z1 + y1 + x0] * fz;
                    double b0 = p[z0 + y0 + x1] * (1 - fz) + p[z1 + y0 + x1] * fz;
                    double b1 = p[z0 + y1 + x1] * (1 - fz) + p[z1 + y1 + x1] * fz;
                    double v = (a0 * (1 - fy) + a1 * fy) * (1 - f[0][x]) + (b0 * (1 - fy) + b1 * fy) * f[0][x];
                    FloatType t = pc.next();
                    if (v > t.get())
                        t.set((float) v);
                    if (v > threshold && zyIn && inBox[0][x])
                        state[k] = Components3d.FOREGROUND;
                }
            }
        }
        List<Integer> seeds = new ArrayList<>();
        for (Click c : clicks)
            if (c.positive() && c.x() >= min[0] && c.x() <= max[0] && c.y() >= min[1] && c.y() <= max[1]
                    && c.z() >= min[2] && c.z() <= max[2])
                seeds.add((int) ((c.z() - min[2]) * dims[1] * dims[0] + (c.y() - min[1]) * dims[0] + (c.x() - min[0])));
        Components3d.keep(state, dims, seeds.stream().mapToInt(Integer::intValue).toArray(), cond.connectivity());
        Cursor<UnsignedShortType> lc = Views.flatIterable(Views.interval(labels, region)).cursor();
        for (int i = 0; i < state.length; i++) {
            UnsignedShortType t = lc.next();
            if (state[i] == Components3d.KEPT)
                t.set(label);
        }
    }

    private long[] tileSize() {
        int[] t = cond.tile();
        long[] tile = new long[3];
        for (int a = 0; a < 3; a++)
            tile[a] = t != null && a < t.length ? t[a] : DEFAULT_TILE;
        return tile;
    }

    private static boolean inside(Click c, Box b) {
        return c.x() >= b.x() && c.x() < b.x() + b.width() && c.y() >= b.y() && c.y() < b.y() + b.height()
                && c.z() >= b.z() && c.z() < b.z() + b.depth();
    }
}
