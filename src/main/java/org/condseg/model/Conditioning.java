package org.condseg.model;

import java.util.List;

/**
 * How a model is conditioned and decoded: the {@code config.condseg} section of its rdf.yaml.
 *
 * <pre>{@code
 * if (spec.conditioning().task() == Conditioning.Task.INTERACTIVE) { ... }
 * }</pre>
 *
 * @param task what conditions the model
 * @param grid the model grid of a windowed (interactive) model, x then y, e.g. {128, 128}
 * @param window how the window around the prompts is chosen
 * @param percentiles clip the window to these percentiles before normalising, or {@code null}
 * @param conditions the condition channels of the input tensor
 * @param activation how the output becomes a probability
 * @param threshold the foreground threshold on the activated output
 * @param clipToBox whether the mask is clipped to the prompt box
 * @param keep which components of the mask are kept
 * @param tile tile size for whole-image models (x, y[, z]), or {@code null} for the model's own size
 * @param overlap tile overlap fraction
 * @param sizeMultiple input sizes must be multiples of this
 * @param classes class names of a class-conditional model (index = class index)
 * @param latent the noise input of a generative model (sampled per call), or {@code null}
 * @param window3d the window of a 3D interactive model (isotropic model grid), or {@code null}
 * @param candidates the candidate masks an ambiguity-aware model returns per prompt ({@link Candidates#ONE} otherwise)
 * @param connectivity how the voxels of a decoded mask's components touch ({@code postprocess.connectivity})
 * @param refine how far a refine model may move the prior ({@code refine}; {@link RefineGuard#none} otherwise)
 */
public record Conditioning(Task task, int[] grid, Window window, double[] percentiles, List<Condition> conditions,
        Activation activation, double threshold, boolean clipToBox, Keep keep, int[] tile, double overlap,
        int sizeMultiple, List<String> classes, Latent latent, Window3d window3d, Candidates candidates,
        Connectivity connectivity, RefineGuard refine) {

    public Conditioning {
        conditions = List.copyOf(conditions);
        classes = List.copyOf(classes);
        if (!(threshold >= 0 && threshold <= 1))
            throw new IllegalArgumentException("threshold " + threshold + " is outside [0, 1]");
        if (!(overlap >= 0 && overlap < 1))
            throw new IllegalArgumentException("overlap " + overlap + " is outside [0, 1)");
        if (sizeMultiple < 1)
            throw new IllegalArgumentException("size multiple " + sizeMultiple + " is below 1");
        if (candidates == null || connectivity == null || refine == null)
            throw new IllegalArgumentException("no candidates, connectivity or refine guard");
        grid = grid == null ? null : grid.clone();
        percentiles = percentiles == null ? null : percentiles.clone();
        tile = tile == null ? null : tile.clone();
    }

    /** A model without a refine guard (the plain decoder at {@code threshold}). */
    public Conditioning(Task task, int[] grid, Window window, double[] percentiles, List<Condition> conditions,
            Activation activation, double threshold, boolean clipToBox, Keep keep, int[] tile, double overlap,
            int sizeMultiple, List<String> classes, Latent latent, Window3d window3d, Candidates candidates,
            Connectivity connectivity) {
        this(task, grid, window, percentiles, conditions, activation, threshold, clipToBox, keep, tile, overlap,
                sizeMultiple, classes, latent, window3d, candidates, connectivity, RefineGuard.none(threshold));
    }

    /** A model with one output mask per prompt, whose components touch across faces. */
    public Conditioning(Task task, int[] grid, Window window, double[] percentiles, List<Condition> conditions,
            Activation activation, double threshold, boolean clipToBox, Keep keep, int[] tile, double overlap,
            int sizeMultiple, List<String> classes, Latent latent, Window3d window3d) {
        this(task, grid, window, percentiles, conditions, activation, threshold, clipToBox, keep, tile, overlap,
                sizeMultiple, classes, latent, window3d, Candidates.ONE, Connectivity.FACE);
    }

    @Override
    public int[] grid() {
        return grid == null ? null : grid.clone();
    }

    @Override
    public double[] percentiles() {
        return percentiles == null ? null : percentiles.clone();
    }

    @Override
    public int[] tile() {
        return tile == null ? null : tile.clone();
    }

    /** Whether a condition channel carries the object's current mask (the model continues from it). */
    public boolean continuesFromMask() {
        return conditions.stream().anyMatch(c -> c.kind() == Kind.PREVIOUS);
    }

    /** A model without a 3D window. */
    public Conditioning(Task task, int[] grid, Window window, double[] percentiles, List<Condition> conditions,
            Activation activation, double threshold, boolean clipToBox, Keep keep, int[] tile, double overlap,
            int sizeMultiple, List<String> classes, Latent latent) {
        this(task, grid, window, percentiles, conditions, activation, threshold, clipToBox, keep, tile, overlap,
                sizeMultiple, classes, latent, null);
    }

    /** A model without a latent. */
    public Conditioning(Task task, int[] grid, Window window, double[] percentiles, List<Condition> conditions,
            Activation activation, double threshold, boolean clipToBox, Keep keep, int[] tile, double overlap,
            int sizeMultiple, List<String> classes) {
        this(task, grid, window, percentiles, conditions, activation, threshold, clipToBox, keep, tile, overlap,
                sizeMultiple, classes, null);
    }

    /** No condition at all: a plain bioimage.io model. */
    public static Conditioning none() {
        return new Conditioning(Task.NONE, null, Window.DEFAULT, null, List.of(), Activation.NONE, 0.5, false, Keep.ALL, null,
                0.25, 1, List.of());
    }

    /** What conditions a model. */
    public enum Task {
        /** no condition: the image alone */
        NONE,
        /** clicks, boxes and scribbles, in a window around them */
        INTERACTIVE,
        /** a class index or name */
        CLASS,
        /** a prior mask to refine, object by object (each label), in a window around it */
        REFINE
    }

    /** One condition channel of the input tensor. */
    public record Condition(int channel, Kind kind, Encoding encoding, double sigma) {
        public Condition {
            if (channel < 0)
                throw new IllegalArgumentException("condition channel " + channel + " is negative");
            if (!encoding.draws(kind))
                throw new IllegalArgumentException("a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " condition cannot be drawn as "
                        + encoding.text());
            if (kind == Kind.POSITIVE || kind == Kind.NEGATIVE)
                if (!(sigma > 0 && sigma <= 1000))
                    throw new IllegalArgumentException("sigma " + sigma + " is not in (0, 1000]");
        }
    }

    /**
     * The latent of a generative model: the input {@code input} takes one row of {@code size} standard
     * normal draws per sample ({@code [N, size]}), drawn by CondSeg from the user's seed.
     */
    public record Latent(String input, int size) {
        public Latent {
            if (size < 1)
                throw new IllegalArgumentException("latent size " + size + " is below 1");
        }
    }

    /** What a condition channel carries. */
    public enum Kind {
        POSITIVE, NEGATIVE, BOX, MASK, CLASS,
        /** the object's current mask, which clicks correct (all zeros when there is none) */
        PREVIOUS
    }

    /**
     * The candidate masks of an ambiguity-aware model: its first output has {@code count} channels, one
     * mask per candidate, and the output {@code scores} ({@code [N, count]}) each candidate's predicted
     * quality in [0, 1]. Which one a prompt gets is the user's {@link MaskChoice}.
     */
    public record Candidates(int count, String scores) {
        /** One mask per prompt, no scores. */
        public static final Candidates ONE = new Candidates(1, null);

        public Candidates {
            if (count < 1 || count > 16)
                throw new IllegalArgumentException("candidates " + count + " is not in 1..16");
            if ((count > 1) != (scores != null))
                throw new IllegalArgumentException(count > 1 ? "several candidates need a scores output"
                        : "a scores output needs several candidates");
        }

        /** Whether the model returns several candidates. */
        public boolean several() {
            return count > 1;
        }
    }

    /**
     * The window an interactive model sees: around a box, {@code boxScale * size + boxMargin} per axis;
     * around clicks and scribbles, a square of side {@code max(clickMinSide, clickScale * extent + clickMargin)}.
     */
    public record Window(double boxScale, double boxMargin, double clickMinSide, double clickScale,
            double clickMargin, ClickZoom clickZoom) {
        public static final Window DEFAULT = new Window(1.25, 4, 128, 1.5, 16);

        /** A window without a click zoom. */
        public Window(double boxScale, double boxMargin, double clickMinSide, double clickScale, double clickMargin) {
            this(boxScale, boxMargin, clickMinSide, clickScale, clickMargin, null);
        }
    }

    /**
     * The optional second look at a small object prompted by clicks alone (RITM-style zoom-in): when the
     * first mask's longest bounding-box side is below {@code below} times the click window's side (or the
     * mask is empty), the model runs once more on a square centred on the mask's bounding box joined with
     * the positive clicks, of side {@code max(minSide, scale * extent + margin)} (extent: that joined box's
     * longest side, edge coordinates), and that result is the object's mask. With {@code box} the box
     * channel of the second pass holds the first mask's bounding box; otherwise it stays empty. No zoom
     * where that square would not be smaller than the first window.
     */
    public record ClickZoom(double below, double scale, double margin, double minSide, boolean box) {
        public ClickZoom {
            if (!(below > 0 && below <= 1))
                throw new IllegalArgumentException("click_zoom below " + below + " is not in (0, 1]");
            if (!(scale > 0 && scale <= 100))
                throw new IllegalArgumentException("click_zoom scale " + scale + " is not in (0, 100]");
            if (!(margin >= 0 && margin <= 4096))
                throw new IllegalArgumentException("click_zoom margin " + margin + " is not in [0, 4096]");
            if (!(minSide >= 1 && minSide <= 4096))
                throw new IllegalArgumentException("click_zoom min_side " + minSide + " is not in [1, 4096]");
        }
    }

    /**
     * The window a 3D interactive model sees, on an isotropic grid of spacing {@code g} (physical units
     * per model voxel). Around a box: {@code g = max(finest spacing, longest physical box side / boxSide)},
     * {@code max(minSide, ceil((boxScale * physical side + boxMargin * g) / g))} model voxels per axis. Around
     * clicks: {@code g = clickZoom * finest spacing}, a cube of
     * {@code max(clickSide, ceil(clickScale * physical extent / g + clickMargin))} model voxels.
     */
    public record Window3d(double boxSide, double boxScale, double boxMargin, int minSide, double clickZoom,
            int clickSide, double clickScale, double clickMargin) {
        public static final Window3d DEFAULT = new Window3d(40, 1.25, 4, 16, 1.5, 64, 1.5, 16);

        public Window3d {
            if (!(boxSide > 0) || !(boxScale > 0) || boxMargin < 0 || minSide < 1 || !(clickZoom > 0) || clickSide < 1
                    || !(clickScale > 0) || clickMargin < 0)
                throw new IllegalArgumentException("3D window " + boxSide + ", " + boxScale + ", " + boxMargin + ", "
                        + minSide + ", " + clickZoom + ", " + clickSide + ", " + clickScale + ", " + clickMargin
                        + " has a value out of range");
        }
    }
}
