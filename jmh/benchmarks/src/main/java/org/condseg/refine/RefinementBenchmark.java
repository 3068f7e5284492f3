package org.condseg.refine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.segment.Segmenter;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A measurement, not a test: Dice of a model's labels against the truth before and after refinement,
 * on 2D cases exported by {@code training/export_cases.py} (a folder with {@code cases.csv}). The model
 * runs once per case and prompt (the tight box, or one click at the interior-most pixel); each
 * refinement is applied to its labels and probability map.
 *
 * <pre>
 * mvn -B -f jmh/pom.xml package -DskipTests
 * java -cp jmh/target/condseg-jmh.jar org.condseg.refine.RefinementBenchmark /tmp/cases interactive-2d [grid]
 * </pre>
 */
public final class RefinementBenchmark {

    private RefinementBenchmark() {
    }

    record Case(String set, Volume image, RandomAccessibleInterval<? extends RealType<?>> truth, Box box, Click click) {
    }

    record Run(String set, String prompt, LabelGrid labels, float[] image, float[] prob, LabelGrid truth) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String modelId = args.length > 1 ? args[1] : "interactive-2d";
        String mode = args.length > 2 ? args[2] : "plain";
        int factor = mode.startsWith("coarse") ? Integer.parseInt(mode.replaceAll("^coarse([0-9]+).*", "$1")) : 1;
        List<Case> cases = read(dir);
        ModelSpec spec = Models.standard(null).find(modelId);
        SegmentOptions options = SegmentOptions.defaults().withThreads(1);
        List<Run> runs = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Network net = Models.open(spec, options, s -> { })) {
            Segmenter seg = new Segmenter(spec, net);
            for (Case c : cases) {
                for (String prompt : List.of("box", "click")) {
                    Volume image = factor == 1 ? c.image : shrink(c.image, factor);
                    Box b = c.box;
                    Prompts p = prompt.equals("box")
                            ? new Prompts(List.of(), List.of(new Box(b.x() / factor, b.y() / factor,
                                    Math.max(1, (b.x() + b.width() + factor - 1) / factor - b.x() / factor),
                                    Math.max(1, (b.y() + b.height() + factor - 1) / factor - b.y() / factor), 0, 1)), null, null)
                            : new Prompts(List.of(new Click(c.click.x() / factor, c.click.y() / factor, 0, true)), List.of(), null, null);
                    SegmentResult r = seg.segment(new SegmentRequest(image, p, options), Progress.NONE, () -> false);
                    LabelGrid labels = LabelGrid.of(r.labels(), new double[] {1, 1, 1}, false);
                    float[] prob = flat(r.probabilities());
                    if (factor > 1) {
                        int w = (int) c.image.width(), h = (int) c.image.height();
                        labels = enlarge(labels, w, h, factor);
                        prob = enlarge(prob, (int) image.width(), (int) image.height(), w, h, factor);
                    }
                    runs.add(new Run(c.set, prompt, labels, flat(c.image.pixels()), prob, LabelGrid.of(c.truth, new double[] {1, 1, 1}, false)));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d cases, model %s, %s: %.1f s%n", cases.size(), modelId, mode, (System.nanoTime() - t0) / 1e9);
        Map<String, List<RefineStep>> configs = new LinkedHashMap<>();
        configs.put("none", List.of());
        configs.put("graphcut", List.of(GraphCut.parse(null)));
        configs.put("graphcut, no probabilities", List.of(GraphCut.parse(null)));
        configs.put("crf", List.of(DenseCrf.parse(null)));
        configs.put("crf, no probabilities", List.of(DenseCrf.parse(null)));
        configs.put("fill-holes,largest,graphcut", List.of(new FillHoles(false), new KeepLargest(), GraphCut.parse(null)));
        if (mode.endsWith("crfgrid"))
            for (double ta : new double[] {4, 8, 16})
                for (double tb : new double[] {0.25, 0.5, 1})
                    for (double wa : new double[] {0.5, 1.5, 3})
                        for (double ws : new double[] {0.5, 1})
                            configs.put(String.format(Locale.ROOT, "crf θα %.0f θβ %.2f wA %.1f wS %.1f", ta, tb, wa, ws),
                                    List.of(new DenseCrf(5, ta, tb, 1.5, wa, ws)));
        if (mode.endsWith("+grid") || mode.equals("grid"))
            for (int band : new int[] {2, 4, 8})
                for (double lambda : new double[] {0.1, 0.25, 0.5, 1, 1.5})
                    for (double wi : new double[] {0, 0.5})
                        configs.put(String.format(Locale.ROOT, "band %d λ %.2f intensity %.1f", band, lambda, wi),
                                List.of(new GraphCut(new Quantity(band, "px", 1), lambda, wi)));
        for (var e : configs.entrySet()) {
            Map<String, double[]> sums = new LinkedHashMap<>();
            long t = System.nanoTime();
            for (Run r : runs) {
                LabelGrid g = new LabelGrid(r.labels.w, r.labels.h, r.labels.d, r.labels.data.clone(), r.labels.spacing, false);
                RefineContext ctx = new RefineContext(r.image, e.getKey().contains("no probabilities") ? null : r.prob, () -> false);
                for (RefineStep s : e.getValue())
                    s.apply(g, ctx);
                double d = dice(g, r.truth);
                for (String key : List.of(r.set + " / " + r.prompt, "all / " + r.prompt)) {
                    double[] s = sums.computeIfAbsent(key, k -> new double[2]);
                    s[0] += d;
                    s[1]++;
                }
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-34s %6.2f s |", e.getKey(), (System.nanoTime() - t) / 1e9));
            sums.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(s -> sb.append(String.format(Locale.ROOT, " %s %.4f (%d) |", s.getKey(), s.getValue()[0] / s.getValue()[1],
                            (int) s.getValue()[1])));
            System.out.println(sb);
        }
    }

    /** Block means of {@code f} × {@code f} pixels (2D). */
    private static Volume shrink(Volume v, int f) {
        int w = (int) v.width(), h = (int) v.height(), sw = (w + f - 1) / f, sh = (h + f - 1) / f;
        float[] src = flat(v.pixels()), out = new float[sw * sh];
        int[] n = new int[sw * sh];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                out[x / f + sw * (y / f)] += src[x + w * y];
                n[x / f + sw * (y / f)]++;
            }
        for (int i = 0; i < out.length; i++)
            out[i] /= n[i];
        return new Volume(net.imglib2.img.array.ArrayImgs.floats(out, sw, sh, 1), v.calibration(), v.name());
    }

    /** Nearest-neighbour enlargement of coarse labels to w × h. */
    private static LabelGrid enlarge(LabelGrid g, int w, int h, int f) {
        short[] out = new short[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                out[x + w * y] = g.data[x / f + g.w * (y / f)];
        return new LabelGrid(w, h, 1, out, new double[] {1, 1, 1}, false);
    }

    /** Bilinear enlargement of a coarse sw × sh map to w × h (pixel centres aligned). */
    private static float[] enlarge(float[] p, int sw, int sh, int w, int h, int f) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double cx = Math.min(sw - 1, Math.max(0, (x + 0.5) / f - 0.5)), cy = Math.min(sh - 1, Math.max(0, (y + 0.5) / f - 0.5));
                int x0 = (int) cx, y0 = (int) cy, x1 = Math.min(sw - 1, x0 + 1), y1 = Math.min(sh - 1, y0 + 1);
                double ax = cx - x0, ay = cy - y0;
                out[x + w * y] = (float) ((1 - ay) * ((1 - ax) * p[x0 + sw * y0] + ax * p[x1 + sw * y0])
                        + ay * ((1 - ax) * p[x0 + sw * y1] + ax * p[x1 + sw * y1]));
            }
        return out;
    }

    private static List<Case> read(Path dir) throws Exception {
        List<Case> out = new ArrayList<>();
        Map<String, Volume> images = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("cases.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Volume img = images.computeIfAbsent(f[2], name -> {
                try {
                    return ImagePlusAdapter.toVolume(ImageFiles.read(dir.resolve(name)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Volume truth = ImagePlusAdapter.toVolume(ImageFiles.read(dir.resolve(f[3])));
            long[] b = java.util.Arrays.stream(f[4].split(" ")).mapToLong(Long::parseLong).toArray();
            long[] c = java.util.Arrays.stream(f[5].split(" ")).mapToLong(Long::parseLong).toArray();
            out.add(new Case(f[1], img, truth.pixels(), new Box(b[0], b[1], b[2], b[3], 0, 1), new Click(c[0], c[1], 0, true)));
        }
        return out;
    }

    private static float[] flat(RandomAccessibleInterval<? extends RealType<?>> img) {
        long n = img.dimension(0) * img.dimension(1) * img.dimension(2);
        float[] out = new float[(int) n];
        Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
        for (int i = 0; i < out.length; i++)
            out[i] = c.next().getRealFloat();
        return out;
    }

    private static double dice(LabelGrid a, LabelGrid b) {
        long both = 0, na = 0, nb = 0;
        for (int i = 0; i < a.size(); i++) {
            boolean x = a.get(i) != 0, y = b.get(i) != 0;
            na += x ? 1 : 0;
            nb += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }
        return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
    }
}
