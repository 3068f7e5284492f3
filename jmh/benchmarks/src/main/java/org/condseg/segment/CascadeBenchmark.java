package org.condseg.segment;

import java.util.Locale;
import java.util.Random;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Calibration;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A measurement, not a test: the plain tiled run against {@code --cascade} (factors 2 and 4) on a
 * seeded synthetic volume (W × H × D, an organ-like ellipsoid over noise, values over 0.5 inside),
 * with the identity-3d fixture, whose label is its input thresholded at 0.5: times (best of 3, one
 * engine thread) and Dice against the plain run and against the truth.
 *
 * <pre>
 * mvn -B -f jmh/pom.xml package -DskipTests
 * java -cp jmh/target/condseg-jmh.jar org.condseg.segment.CascadeBenchmark 256 256 128
 * </pre>
 */
public final class CascadeBenchmark {

    private CascadeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int w = Integer.parseInt(args[0]), h = Integer.parseInt(args[1]), d = Integer.parseInt(args[2]);
        String model = args.length > 3 ? args[3] : "identity-3d";
        Img<FloatType> img = ArrayImgs.floats(w, h, d);
        Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(w, h, d);
        Random r = new Random(11);
        Cursor<FloatType> c = img.localizingCursor();
        Cursor<UnsignedByteType> t = truth.cursor();
        while (c.hasNext()) {
            FloatType v = c.next();
            double x = (c.getDoublePosition(0) - 0.62 * w) / (0.14 * w), y = (c.getDoublePosition(1) - 0.4 * h) / (0.11 * h),
                    z = (c.getDoublePosition(2) - 0.55 * d) / (0.2 * d);
            boolean in = x * x + y * y + z * z <= 1;
            t.next().set(in ? 1 : 0);
            v.set((float) ((in ? 0.75 : 0.25) + 0.08 * r.nextGaussian()));
        }
        Volume v = new Volume(img, new Calibration(new double[] {0.8, 0.8, 2.5}, "mm", new double[3]), "synthetic");
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture(model));
        SegmentOptions options = SegmentOptions.defaults().withThreads(1);
        SegmentRequest request = new SegmentRequest(v, Prompts.NONE, options);
        try (Network net = Models.open(spec, options, m -> { })) {
            SegmentResult plain = null;
            double best = Double.MAX_VALUE;
            for (int k = 0; k < 3; k++) {
                long t0 = System.nanoTime();
                plain = new Segmenter(spec, net).segment(request, Progress.NONE, () -> false);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "%s %d×%d×%d, plain: %.2f s, Dice vs truth %.4f%n", model, w, h, d, best,
                    Metrics.dice(plain.labels(), truth));
            for (int factor : new int[] {2, 4}) {
                SegmentResult cas = null;
                double bestCascade = Double.MAX_VALUE;
                for (int k = 0; k < 3; k++) {
                    long t0 = System.nanoTime();
                    cas = new CascadeSegmenter(spec, net, factor).segment(request, Progress.NONE, () -> false);
                    bestCascade = Math.min(bestCascade, (System.nanoTime() - t0) / 1e9);
                }
                String region = cas.provenance().replaceAll(".*\"region\":(\\[[^]]*]).*", "$1");
                System.out.printf(Locale.ROOT, "cascade ×%d: %.2f s (%.2f× faster), Dice vs plain %.4f, vs truth %.4f, fine region %s%n",
                        factor, bestCascade, best / bestCascade, Metrics.dice(plain.labels(), cas.labels()),
                        Metrics.dice(cas.labels(), truth), region);
            }
        }
    }
}
