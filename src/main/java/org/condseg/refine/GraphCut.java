package org.condseg.refine;

/**
 * {@code graphcut[:BAND]}: moves each label's boundary onto the image's edges by a minimum cut on the
 * voxel grid (Boykov and Jolly's interactive graph cut, seeded from the labels). Seeds: voxels deeper
 * inside the label than {@code BAND} are fixed to it; voxels farther outside, other labels' voxels and,
 * where the model's probability map is given, voxels it is sure of ({@code p ≤ 0.05}, or {@code p ≥ 0.95}
 * inside the label) and voxels its post-processing left out despite {@code p ≥ 0.5} (outside the box,
 * another component) are fixed too. The cut decides the rest. Each undecided voxel pays {@code -ln p}
 * for the label and {@code -ln(1-p)} for the background (without a probability map, the label as a prior
 * of {@value #PRIOR}), plus, weighted, a Gaussian intensity model of the label and of its surroundings;
 * neighbours (8 in a plane, and 2 across slices) pay {@code λ exp(-(I_p - I_q)² / 2σ²) / distance} to be
 * split, σ² the mean squared neighbour difference near the label, so that a boundary is cheap where the
 * image has an edge. With a probability map λ = {@value #SMOOTHNESS_WITH_PROBABILITIES} and no intensity
 * model (the model decides, the image breaks ties; tuned on training material, see docs/dev/performance-log.md); without
 * one λ = {@value #SMOOTHNESS} and the intensity weight {@value #INTENSITY}. {@code BAND} is a length
 * ({@code 2mm}) or voxels ({@code 4px}; default {@value #DEFAULT_BAND} voxels).
 *
 * <pre>{@code
 * GraphCut.parse("3px").apply(grid, new RefineContext(intensities, probabilities, () -> false));
 * }</pre>
 *
 * @param band the half-width of the undecided band around each boundary
 * @param smoothness λ, the weight of the neighbour terms against the voxel terms
 * @param intensity the weight of the intensity models against the probability term
 */
record GraphCut(Quantity band, double smoothness, double intensity) implements RefineStep {

    static final int DEFAULT_BAND = 4;
    /** λ and the intensity weight without a probability map: the labels are a rough prior, the image decides. */
    static final double SMOOTHNESS = 1.5, INTENSITY = 0.5;
    /** λ and the intensity weight with a probability map: the model decides, the image breaks its ties. */
    static final double SMOOTHNESS_WITH_PROBABILITIES = 0.25, INTENSITY_WITH_PROBABILITIES = 0;
    /** Marks the defaults, which depend on whether a probability map is given. */
    static final double DEFAULT = -1;
    static final double PRIOR = 0.7;
    /** Probabilities this close to 0 or 1 are seeds. */
    static final double CONFIDENT = 0.05;

    static GraphCut parse(String argument) {
        Quantity b = argument == null ? new Quantity(DEFAULT_BAND, "px", 1) : Quantity.parse(argument);
        if (b.power() != 1)
            throw new IllegalArgumentException("'" + argument + "' is not a length; give the band as 2mm or 4px");
        return new GraphCut(b, DEFAULT, DEFAULT);
    }

    @Override
    public boolean needsImage() {
        return true;
    }

    @Override
    public void apply(LabelGrid g, RefineContext context) {
        if (context.image() == null)
            throw new IllegalArgumentException(text() + " needs the image");
        if (!band.pixels() && !g.calibrated)
            throw new IllegalArgumentException(text() + ": the image is not calibrated in a length unit; give the band in px");
        double[] sp = band.pixels() ? new double[] {1, 1, 1} : g.spacing;
        double r = band.pixels() ? band.value() : band.inMillimetres();
        int[] size = {g.w, g.h, g.d};
        int[] margin = new int[3];
        for (int a = 0; a < 3; a++)
            margin[a] = size[a] == 1 ? 0 : (int) Math.ceil(r / sp[a]) + 2;
        Boxes boxes = Boxes.of(g);
        short[] original = g.data.clone();
        for (int label = 1; label < boxes.count(); label++) {
            if (!boxes.present(label))
                continue;
            context.checkCancelled();
            int[] lo = new int[3], hi = new int[3];
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.max(0, boxes.min(label, a) - margin[a]);
                hi[a] = Math.min(size[a] - 1, boxes.max(label, a) + margin[a]);
            }
            boolean p = context.probabilities() != null;
            new Region(g, original, label, lo, hi, sp, r * r, context).cut(
                    smoothness != DEFAULT ? smoothness : p ? SMOOTHNESS_WITH_PROBABILITIES : SMOOTHNESS,
                    intensity != DEFAULT ? intensity : p ? INTENSITY_WITH_PROBABILITIES : INTENSITY);
        }
    }

    @Override
    public String text() {
        return band.pixels() && band.value() == DEFAULT_BAND ? "graphcut" : "graphcut:" + band;
    }

    /** One label's box: its band voxels become graph nodes, the rest are seeds folded into the terminals. */
    private static final class Region {
        final LabelGrid g;
        final short[] original;
        final int label, bw, bh, bd;
        final int[] lo;
        final RefineContext ctx;
        final boolean[] inside;
        final double[] toOutside, toInside;
        final double rr;
        final double[] spacing;

        Region(LabelGrid g, short[] original, int label, int[] lo, int[] hi, double[] spacing, double rr, RefineContext ctx) {
            this.g = g;
            this.original = original;
            this.label = label;
            this.lo = lo;
            this.bw = hi[0] - lo[0] + 1;
            this.bh = hi[1] - lo[1] + 1;
            this.bd = hi[2] - lo[2] + 1;
            this.ctx = ctx;
            this.rr = rr * (1 + 1e-9);
            this.spacing = spacing;
            int n = bw * bh * bd;
            inside = new boolean[n];
            boolean[] outside = new boolean[n];
            for (int j = 0; j < n; j++) {
                inside[j] = labelAt(j) == label;
                outside[j] = !inside[j];
            }
            toOutside = DistanceTransform.squared(outside, bw, bh, bd, spacing);
            toInside = DistanceTransform.squared(inside, bw, bh, bd, spacing);
        }

        int global(int j) {
            int x = j % bw, y = j / bw % bh, z = j / (bw * bh);
            return g.index(x + lo[0], y + lo[1], z + lo[2]);
        }

        int labelAt(int j) {
            return original[global(j)] & 0xFFFF;
        }

        /** -1: fixed background, 1: fixed label, 0: decided by the cut. */
        int seed(int j) {
            int l = labelAt(j);
            if (l != 0 && l != label)
                return -1;
            float[] prob = ctx.probabilities();
            if (prob != null) {
                float p = prob[global(j)];
                if (p >= 1 - CONFIDENT && inside[j])
                    return 1;
                if (p <= CONFIDENT)
                    return -1;
            }
            if (prob != null && !inside[j] && prob[global(j)] >= 0.5f)
                return -1; // the model's own post-processing (a box, a component) ruled it out
            if (inside[j])
                return toOutside[j] > rr ? 1 : 0;
            return toInside[j] > rr ? -1 : 0;
        }

        void cut(double lambda, double intensityWeight) {
            int n = bw * bh * bd;
            int[] node = new int[n];
            int nodes = 0;
            for (int j = 0; j < n; j++)
                node[j] = seed(j) == 0 ? nodes++ : -1;
            if (nodes == 0)
                return;
            float[] img = ctx.image(), prob = ctx.probabilities();
            int[][] offs = offsets();
            double[] dist = new double[offs.length];
            double minSpacing = Math.min(spacing[0], Math.min(spacing[1], bd > 1 ? spacing[2] : spacing[0]));
            for (int k = 0; k < offs.length; k++)
                dist[k] = Math.sqrt(sq(offs[k][0] * spacing[0]) + sq(offs[k][1] * spacing[1]) + sq(offs[k][2] * spacing[2])) / minSpacing;
            // σ² of the neighbour differences, and the intensity models of the label and its surroundings
            double diff = 0;
            long pairs = 0;
            double[] sum = new double[2], sum2 = new double[2];
            long[] count = new long[2];
            for (int j = 0; j < n; j++) {
                double v = img[global(j)];
                int c = inside[j] ? 1 : 0;
                sum[c] += v;
                sum2[c] += v * v;
                count[c]++;
                for (int[] o : offs) {
                    int k = neighbour(j, o);
                    if (k >= 0) {
                        diff += sq(v - img[global(k)]);
                        pairs++;
                    }
                }
            }
            double beta = diff > 0 ? pairs / (2 * diff) : 0;
            double[] mean = new double[2], var = new double[2];
            for (int c = 0; c < 2; c++) {
                mean[c] = count[c] > 0 ? sum[c] / count[c] : 0;
                var[c] = count[c] > 1 ? Math.max(sum2[c] / count[c] - mean[c] * mean[c], 1e-6 * (1 + Math.abs(mean[c]))) : 1;
            }
            boolean models = count[0] > 1 && count[1] > 1 && intensityWeight > 0;
            MaxFlow graph = new MaxFlow(nodes, nodes * offs.length);
            for (int j = 0; j < n; j++) {
                int p = node[j];
                if (p < 0)
                    continue;
                int i = global(j);
                double pr = prob != null ? prob[i] : inside[j] ? PRIOR : 1 - PRIOR;
                pr = Math.min(0.99, Math.max(0.01, pr));
                double costLabel = -Math.log(pr), costBackground = -Math.log(1 - pr);
                if (models) {
                    double v = img[i];
                    costLabel += intensityWeight * (sq(v - mean[1]) / (2 * var[1]) + 0.5 * Math.log(var[1]));
                    costBackground += intensityWeight * (sq(v - mean[0]) / (2 * var[0]) + 0.5 * Math.log(var[0]));
                }
                double least = Math.min(costLabel, costBackground);
                double source = costBackground - least, sink = costLabel - least;
                for (int k = 0; k < offs.length; k++) {
                    int q = neighbour(j, offs[k]);
                    if (q < 0)
                        continue;
                    double w = lambda * Math.exp(-beta * sq(img[i] - img[global(q)])) / dist[k];
                    if (node[q] >= 0) {
                        if (q > j)
                            graph.addEdge(p, node[q], w, w);
                    } else if (seed(q) > 0) {
                        source += w;
                    } else {
                        sink += w;
                    }
                }
                graph.addTerminal(p, source, sink);
            }
            graph.solve();
            for (int j = 0; j < n; j++) {
                if (node[j] < 0)
                    continue;
                int i = global(j);
                boolean in = graph.sourceSide(node[j]);
                if (in && g.get(i) == 0)
                    g.set(i, label);
                else if (!in && g.get(i) == label)
                    g.set(i, 0);
            }
        }

        /** Half of the neighbourhood's offsets would do for edges; the terminals need all of them. */
        int[][] offsets() {
            return bd > 1
                    ? new int[][] {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {1, 1, 0}, {-1, -1, 0}, {1, -1, 0}, {-1, 1, 0},
                            {0, 0, 1}, {0, 0, -1}}
                    : new int[][] {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {1, 1, 0}, {-1, -1, 0}, {1, -1, 0}, {-1, 1, 0}};
        }

        int neighbour(int j, int[] o) {
            int x = j % bw + o[0], y = j / bw % bh + o[1], z = j / (bw * bh) + o[2];
            if (x < 0 || y < 0 || z < 0 || x >= bw || y >= bh || z >= bd)
                return -1;
            return x + bw * (y + bh * z);
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
