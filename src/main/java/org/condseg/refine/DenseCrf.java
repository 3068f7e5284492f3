package org.condseg.refine;

import org.condseg.model.Activation;

/**
 * {@code crf}: a fully connected conditional random field with Gaussian kernels (Krähenbühl and
 * Koltun, NIPS 2011), each label against the background in its box, solved by mean field. The unary is
 * the model's probability ({@code -ln p}; without a probability map, a soft version of the labels
 * whose logit is the signed distance from their boundary over {@value #BOUNDARY_WIDTH} voxels, clamped
 * to ±{@value #MAX_LOGIT}: the labels are trusted away from their boundary); the Potts pairwise terms are an appearance kernel (position, θα =
 * {@value #THETA_ALPHA} voxels, and intensity, θβ = {@value #THETA_BETA} of the intensities' standard
 * deviation near the label) and a smoothness kernel (position, θγ = {@value #THETA_GAMMA} voxels), with
 * weights {@code wA}, {@code wS}. Both are evaluated as normalised filters on a bilateral grid
 * ({@link BilateralGrid}), so an update costs time linear in the voxels; with two classes the update is
 * {@code Q = σ(logit p + wA (2 A[Q] − 1) + wS (2 S[Q] − 1))}. Positions across slices are scaled by
 * the voxel's aspect ratio. Other labels' voxels, and voxels the model's post-processing left out
 * despite {@code p ≥ 0.5}, stay background.
 *
 * <pre>{@code
 * new DenseCrf(5).apply(grid, new RefineContext(intensities, probabilities, () -> false));
 * }</pre>
 *
 * @param iterations mean-field iterations
 * @param thetaAlpha the appearance kernel's width in position (voxels)
 * @param thetaBeta the appearance kernel's width in intensity (in standard deviations near the label)
 * @param thetaGamma the smoothness kernel's width (voxels)
 * @param wAppearance the appearance kernel's weight
 * @param wSmoothness the smoothness kernel's weight
 */
record DenseCrf(int iterations, double thetaAlpha, double thetaBeta, double thetaGamma, double wAppearance, double wSmoothness)
        implements RefineStep {

    static final double THETA_ALPHA = 8, THETA_BETA = 1.0, THETA_GAMMA = 1.5;
    static final double W_APPEARANCE = 1.5, W_SMOOTHNESS = 1.0;
    static final int DEFAULT_ITERATIONS = 5;
    /** Without a probability map: the unary's logit is the signed distance from the boundary over this width (voxels), clamped. */
    static final double BOUNDARY_WIDTH = 0.5, MAX_LOGIT = 4.6;

    DenseCrf(int iterations) {
        this(iterations, THETA_ALPHA, THETA_BETA, THETA_GAMMA, W_APPEARANCE, W_SMOOTHNESS);
    }

    static DenseCrf parse(String argument) {
        if (argument == null)
            return new DenseCrf(DEFAULT_ITERATIONS);
        try {
            int n = Integer.parseInt(argument);
            if (n >= 1 && n <= 100)
                return new DenseCrf(n);
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("takes the number of mean-field iterations (1–100), e.g. crf:5");
    }

    @Override
    public boolean needsImage() {
        return true;
    }

    @Override
    public String text() {
        return iterations == DEFAULT_ITERATIONS ? "crf" : "crf:" + iterations;
    }

    @Override
    public void apply(LabelGrid g, RefineContext context) {
        if (context.image() == null)
            throw new IllegalArgumentException(text() + " needs the image");
        double zScale = g.d > 1 ? g.spacing[2] / Math.sqrt(g.spacing[0] * g.spacing[1]) : 1;
        int[] size = {g.w, g.h, g.d};
        int[] margin = {(int) Math.ceil(2 * thetaAlpha), (int) Math.ceil(2 * thetaAlpha),
                g.d > 1 ? (int) Math.ceil(2 * thetaAlpha / zScale) : 0};
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
            refine(g, original, label, lo, hi, zScale, context);
        }
    }

    private void refine(LabelGrid g, short[] original, int label, int[] lo, int[] hi, double zScale, RefineContext ctx) {
        int bw = hi[0] - lo[0] + 1, bh = hi[1] - lo[1] + 1, bd = hi[2] - lo[2] + 1, n = bw * bh * bd;
        int[] global = new int[n];
        float[] img = ctx.image(), prob = ctx.probabilities();
        double sum = 0, sum2 = 0;
        for (int z = 0, j = 0; z < bd; z++)
            for (int y = 0; y < bh; y++)
                for (int x = 0; x < bw; x++, j++) {
                    global[j] = g.index(x + lo[0], y + lo[1], z + lo[2]);
                    double v = img[global[j]];
                    sum += v;
                    sum2 += v * v;
                }
        double sd = Math.sqrt(Math.max(sum2 / n - (sum / n) * (sum / n), 0));
        double widthBeta = thetaBeta * (sd > 0 ? sd : 1);
        int dims = bd > 1 ? 3 : 2;
        float[] appearance = new float[n * (dims + 1)], smooth = new float[n * dims];
        for (int z = 0, j = 0; z < bd; z++)
            for (int y = 0; y < bh; y++)
                for (int x = 0; x < bw; x++, j++) {
                    double[] pos = {x, y, z * zScale};
                    for (int k = 0; k < dims; k++) {
                        appearance[j * (dims + 1) + k] = (float) (pos[k] / thetaAlpha);
                        smooth[j * dims + k] = (float) (pos[k] / thetaGamma);
                    }
                    appearance[j * (dims + 1) + dims] = (float) (img[global[j]] / widthBeta);
                }
        BilateralGrid a = new BilateralGrid(appearance, dims + 1), s = new BilateralGrid(smooth, dims);
        float[] unary = new float[n], q = new float[n];
        boolean[] fixed = new boolean[n], inside = new boolean[n], outside = new boolean[n];
        for (int j = 0; j < n; j++) {
            inside[j] = (original[global[j]] & 0xFFFF) == label;
            outside[j] = !inside[j];
        }
        double[] toOutside = null, toInside = null;
        if (prob == null) { // the labels' confidence grows with the distance from their boundary
            double[] sp = {1, 1, zScale};
            toOutside = DistanceTransform.squared(outside, bw, bh, bd, sp);
            toInside = DistanceTransform.squared(inside, bw, bh, bd, sp);
        }
        for (int j = 0; j < n; j++) {
            int l = original[global[j]] & 0xFFFF;
            boolean in = inside[j];
            fixed[j] = (l != 0 && !in) || (prob != null && !in && prob[global[j]] >= 0.5f);
            if (prob != null) {
                double p = Math.min(0.99, Math.max(0.01, prob[global[j]]));
                unary[j] = (float) Math.log(p / (1 - p));
            } else {
                double d = in ? Math.sqrt(toOutside[j]) - 0.5 : 0.5 - Math.sqrt(toInside[j]);
                unary[j] = (float) Math.max(-MAX_LOGIT, Math.min(MAX_LOGIT, d / BOUNDARY_WIDTH));
            }
            q[j] = fixed[j] ? 0 : sigmoid(unary[j]);
        }
        for (int it = 0; it < iterations; it++) {
            ctx.checkCancelled();
            float[] ma = a.filter(q), ms = s.filter(q);
            for (int j = 0; j < n; j++)
                q[j] = fixed[j] ? 0 : sigmoid(unary[j] + wAppearance * (2 * ma[j] - 1) + wSmoothness * (2 * ms[j] - 1));
        }
        for (int j = 0; j < n; j++) {
            int i = global[j];
            boolean in = q[j] > 0.5f;
            if (in && g.get(i) == 0)
                g.set(i, label);
            else if (!in && g.get(i) == label)
                g.set(i, 0);
        }
    }

    private static float sigmoid(double v) {
        return (float) Activation.sigmoid(v);
    }
}

