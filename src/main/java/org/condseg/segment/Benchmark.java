package org.condseg.segment;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.condseg.model.Box;
import org.condseg.model.Calibration;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.RunException;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.runtime.RawOrt;
import org.condseg.runtime.RecordingNetwork;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Measures CondSeg against the engine's own limit: the full segment path on a seeded synthetic
 * image, and, on exactly the same engine inputs with the same threads, ONNX Runtime alone.
 * {@code overhead} is the median end-to-end time over the median summed raw engine time. For an
 * interactive model it also times a click on a 512 × 512 slice to its mask (model loaded), and it
 * reports the heap's peak over the whole benchmark.
 *
 * <pre>{@code
 * Benchmark.Figures f = Benchmark.run(spec, net, new long[] {512, 512, 16}, 2, 5);
 * }</pre>
 */
public final class Benchmark {

    private Benchmark() {
    }

    /** What the benchmark measured; times in milliseconds. */
    public record Figures(long[] size, int threads, int repeats, int engineCalls, double endToEndMs, double inNetworkMs,
            double rawEngineMs, double overhead, double clickLatencyMs, double peakHeapMb) {
    }

    public static Figures run(ModelSpec spec, Network net, long[] size, int threads, int repeats)
            throws UsageException, InputException, RunException {
        resetPeaks();
        Volume volume = syntheticVolume(size, 17);
        RecordingNetwork rec = new RecordingNetwork(net);
        Segmenter seg = new Segmenter(spec, rec);
        SegmentOptions options = SegmentOptions.defaults().withThreads(threads).withDevice(net.device().startsWith("gpu") ? "gpu" : "cpu");
        SegmentRequest request = new SegmentRequest(volume, workload(spec, size), options);
        seg.segment(request, Progress.NONE, () -> false); // warm-up
        double[] e2e = new double[repeats], raw = new double[repeats], inNet = new double[repeats];
        int calls = 0;
        try (RawOrt ort = new RawOrt(spec.weights(), threads, net.device().startsWith("gpu"))) {
            for (int r = 0; r < repeats; r++) {
                rec.clear();
                long t0 = System.nanoTime();
                seg.segment(request, Progress.NONE, () -> false);
                e2e[r] = (System.nanoTime() - t0) / 1e6;
                inNet[r] = rec.nanosInNetwork() / 1e6;
                List<List<org.condseg.model.Tensor>> recorded = rec.calls();
                calls = recorded.size();
                raw[r] = ort.time(recorded) / 1e6;
            }
        }
        double click = Double.NaN;
        if (spec.conditioning().task() == Conditioning.Task.INTERACTIVE)
            click = clickLatency(new Segmenter(spec, net), options, repeats);
        double e = median(e2e), w = median(raw);
        return new Figures(size.clone(), threads, repeats, calls, e, median(inNet), w, e / w, click, peakHeapMb());
    }

    /** A click on a 512 × 512 slice to its mask, model loaded: the median of {@code repeats} clicks. */
    static double clickLatency(Segmenter seg, SegmentOptions options, int repeats)
            throws UsageException, InputException, RunException {
        Volume slice = syntheticVolume(new long[] {512, 512, 1}, 23);
        double[] ms = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            Prompts p = new Prompts(List.of(Click.positive(200 + 10L * Math.max(r, 0), 256, 0)), List.of(), null, null);
            long t0 = System.nanoTime();
            seg.segment(new SegmentRequest(slice, p, options), Progress.NONE, () -> false);
            if (r >= 0)
                ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    /** Interactive models get a box on every slice; others run over the whole image. */
    private static Prompts workload(ModelSpec spec, long[] size) {
        if (spec.conditioning().task() != Conditioning.Task.INTERACTIVE)
            return Prompts.NONE;
        List<Box> boxes = new ArrayList<>();
        for (long z = 0; z < size[2]; z++)
            boxes.add(new Box(size[0] / 4, size[1] / 4, size[0] / 3, size[1] / 3, z, 1));
        return new Prompts(List.of(), boxes, null, null);
    }

    /** Seeded blobs on a noisy background, 16-bit. */
    public static Volume syntheticVolume(long[] size, long seed) {
        Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(size);
        Random rnd = new Random(seed);
        double[][] blobs = new double[12][4];
        for (double[] b : blobs) {
            b[0] = rnd.nextDouble() * size[0];
            b[1] = rnd.nextDouble() * size[1];
            b[2] = rnd.nextDouble() * size[2];
            b[3] = 20 + rnd.nextDouble() * Math.min(size[0], size[1]) / 6;
        }
        var c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            double x = c.getDoublePosition(0), y = c.getDoublePosition(1), z = c.getDoublePosition(2);
            double v = 300 + 40 * rnd.nextGaussian();
            for (double[] b : blobs) {
                double d = Math.hypot(x - b[0], y - b[1]) + Math.abs(z - b[2]);
                if (d < b[3])
                    v += 800;
            }
            c.get().set((int) Math.max(0, Math.min(65535, v)));
        }
        return new Volume(img, Calibration.NONE, "benchmark");
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP)
                p.resetPeakUsage();
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP)
                peak += p.getPeakUsage().getUsed();
        return peak / (1024.0 * 1024.0);
    }
}
