package org.condseg.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.conditioning.MaskDecoder;
import org.condseg.conditioning.Resampler;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Carries 2D prompts through a stack. Each object of the request (each box, or without boxes the
 * clicks and scribble of one slice) is segmented on its seed slice by the 2D model; then, slice by
 * slice in both directions, the next slice is prompted with what the previous slice found (see
 * {@link Carry}): by default the previous mask's tight box and a click at its innermost pixel, the box
 * tried at a few sizes, of which the mask that stands out most from its surroundings (mean inside minus
 * the mean of a thin ring around it, counted in the seed's direction: dark objects too) wins; a model
 * trained on tight boxes fills a box that is too large, so the box must be able to shrink with the object. It stops where the object ends: the mask is empty, smaller than
 * {@link Settings#minAreaFraction} of the seed's area, overlaps the previous slice's mask by less
 * than {@link Settings#minOverlap} of its own area, or has lost its contrast (below
 * {@link Settings#minContrast} of the strongest seen on this object): a model prompted with a box
 * always finds something in it, so past the object's end the mask is checked against the image.
 * {@link Ends} adds the model's own evidence (a sudden growth of the area, a low mean probability inside
 * the mask) and the first and last slice the user allows. Object k gets label k.
 *
 * <pre>{@code
 * Prompts seed = new Prompts(List.of(), List.of(new Box(40, 30, 64, 48, 12, 1)), null, null);
 * SegmentResult r = new Propagator(spec, net).segment(new SegmentRequest(stack, seed, options), Progress.NONE, () -> false);
 * }</pre>
 */
public final class Propagator {

    /** What conditions slice z ± 1 from the mask of slice z. */
    public enum Carry {
        /** the mask's tight box, grown by {@link Settings#growth} of its size and {@link Settings#margin} pixels a side */
        BOX,
        /** the same box plus a positive click at the mask's innermost pixel */
        BOX_AND_CLICK,
        /** the mask eroded to about half its radius, as a scribble */
        SCRIBBLE
    }

    /**
     * How propagation conditions and stops.
     *
     * @param carry what conditions the next slice
     * @param growth the carried box grows by this fraction of its width and height (half on each side)
     * @param margin and by this many pixels on each side
     * @param scales the carried box is tried at these sizes (relative, about its centre); the mask with
     *        the highest contrast with its surroundings wins
     * @param minAreaFraction stop where a slice's mask is smaller than this fraction of the seed's
     * @param minOverlap stop where less than this fraction of a slice's mask lies in the previous one
     * @param minContrast stop where the mask's contrast with its surroundings falls below this fraction of
     *        the seed's (0: never)
     */
    public record Settings(Carry carry, double growth, int margin, double[] scales, double minAreaFraction, double minOverlap,
            double minContrast) {
        public Settings {
            scales = scales.clone();
            if (scales.length == 0)
                throw new IllegalArgumentException("no box scale to try");
            for (double v : scales)
                if (!(v > 0))
                    throw new IllegalArgumentException("box scale " + v + " is not positive");
            if (growth < 0 || margin < 0)
                throw new IllegalArgumentException("box growth " + growth + " and margin " + margin + " must not be negative");
            if (!(minAreaFraction >= 0 && minAreaFraction < 1) || !(minOverlap >= 0 && minOverlap <= 1))
                throw new IllegalArgumentException("min area fraction " + minAreaFraction + " must lie in [0, 1), min overlap "
                        + minOverlap + " in [0, 1]");
            if (!(minContrast >= 0 && minContrast <= 1))
                throw new IllegalArgumentException("min contrast " + minContrast + " must lie in [0, 1]");
        }

        @Override
        public double[] scales() {
            return scales.clone();
        }

        /** The settings as provenance: carry, growth, margin, scales and the stopping thresholds. */
        public Map<String, Object> describe() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("carry", carry.name().toLowerCase());
            p.put("growth", growth);
            p.put("margin", (long) margin);
            List<Object> sc = new ArrayList<>();
            for (double v : scales)
                sc.add(v);
            p.put("scales", sc);
            p.put("min_area_fraction", minAreaFraction);
            p.put("min_overlap", minOverlap);
            p.put("min_contrast", minContrast);
            return p;
        }

        /**
         * The settings chosen by measurement with interactive-2d ({@code PropagationBenchmark}: 3D Dice from a
         * tight box on the largest slice, on six synthetic irregular objects and the spleen CT and spinal cord T2,
         * axial): the previous mask's tight box with a 1-pixel margin and a click at its innermost pixel, the box
         * tried at 0.7, 0.85, 1 and 1.15 times its size (docs/dev/performance-log.md). The stops were then chosen on
         * training material only ({@code training/tune_stops.py}, 163 tuning objects from two seed positions,
         * docs/dev/propagation-stops.md): below 10% of the seed's area, 50% overlap with the previous slice (was
         * 30%), or 10% of the strongest contrast seen (was 30%, which ended brain regions early).
         */
        public static Settings defaults() {
            return new Settings(Carry.BOX_AND_CLICK, 0, 1, new double[] {0.7, 0.85, 1, 1.15}, 0.1, 0.5, 0.1);
        }
    }

    /**
     * Where an object's propagation ends, beyond {@link Settings}: the model's own evidence and the slices
     * the user gives. A slice's mask is refused, and the sweep stops, where its area grows past
     * {@code maxAreaGrowth} times the previous slice's (a leak into a neighbour), or past
     * {@code maxSeedMultiple} times the seed slice's (a slow leak; the seed is usually drawn where the object
     * is large), or where the mean
     * foreground probability inside it falls below {@code minMeanProbability} (the model is unsure); the
     * evidence of {@link Step} adds: the intersection over union with the previous slice's mask, the shift of
     * its centroid, its area against the median of the last {@value #MEDIAN_OF} accepted slices, its share of
     * confident pixels against the seed's, the sides of its prompt box it touches and the agreement of the box
     * sizes tried. The sweeps never leave {@code [firstSlice, lastSlice]}.
     *
     * <pre>{@code
     * Propagator.Ends ends = Propagator.Ends.defaults().between(10, 42); // the object lies on slices 10..42
     * new Propagator(spec, net, Propagator.Settings.defaults(), ends);
     * }</pre>
     *
     * @param maxAreaGrowth at least 1; infinite for no limit
     * @param maxSeedMultiple at least 1; infinite for no limit
     * @param minMeanProbability in [0, 1); 0 for no limit
     * @param minIou stop where the mask's intersection over union with the previous slice's mask is below
     *        this, in [0, 1]; 0 for no limit
     * @param maxCentroidShift stop where the mask's centroid moved more than this many times the previous
     *        mask's equivalent radius (sqrt(area / pi)); infinite for no limit
     * @param maxMedianGrowth stop where the area exceeds this multiple of the median area of the last
     *        {@value #MEDIAN_OF} accepted slices (seed included), at least 1; infinite for no limit
     * @param minMedianFraction stop where the area is below this fraction of that median, in [0, 1); 0 for no limit
     * @param minConfidentShare stop where the share of the mask's pixels with probability at least
     *        {@value #CONFIDENT} falls below this fraction of the seed slice's share, in [0, 1]; 0 for no limit
     * @param maxTouchedSides stop where the mask touches more than this many sides of the box that prompted
     *        it (the object outgrows its prompt), 0 to 4; 4 for no limit
     * @param minScaleAgreement stop where the mean intersection over union of the chosen mask with the masks
     *        of the other box sizes tried is below this, in [0, 1]; 0 for no limit
     * @param firstSlice the lowest slice an object may reach (0 for the stack's first)
     * @param lastSlice the highest ({@code Long.MAX_VALUE} for the stack's last)
     */
    public record Ends(double maxAreaGrowth, double maxSeedMultiple, double minMeanProbability, double minIou,
            double maxCentroidShift, double maxMedianGrowth, double minMedianFraction, double minConfidentShare,
            int maxTouchedSides, double minScaleAgreement, long firstSlice, long lastSlice) implements java.io.Serializable {

        /** The probability from which a pixel counts as confident ({@link #minConfidentShare}). */
        public static final double CONFIDENT = 0.9;
        /** How many accepted slices the running median of {@link #maxMedianGrowth} spans. */
        public static final int MEDIAN_OF = 5;

        public Ends {
            if (!(maxAreaGrowth >= 1) || !(maxSeedMultiple >= 1) || !(maxMedianGrowth >= 1))
                throw new IllegalArgumentException("max area growth " + maxAreaGrowth + ", max multiple of the seed's area "
                        + maxSeedMultiple + " and of the running median " + maxMedianGrowth + " must be at least 1");
            if (!(minMeanProbability >= 0 && minMeanProbability < 1) || !(minMedianFraction >= 0 && minMedianFraction < 1))
                throw new IllegalArgumentException("min mean probability " + minMeanProbability + " and min fraction of the median "
                        + minMedianFraction + " must lie in [0, 1)");
            if (!(minIou >= 0 && minIou <= 1) || !(minConfidentShare >= 0 && minConfidentShare <= 1)
                    || !(minScaleAgreement >= 0 && minScaleAgreement <= 1))
                throw new IllegalArgumentException("min IoU " + minIou + ", min confident share " + minConfidentShare
                        + " and min scale agreement " + minScaleAgreement + " must lie in [0, 1]");
            if (!(maxCentroidShift > 0))
                throw new IllegalArgumentException("max centroid shift " + maxCentroidShift + " is not positive");
            if (maxTouchedSides < 0 || maxTouchedSides > 4)
                throw new IllegalArgumentException("max touched sides " + maxTouchedSides + " is not in 0..4");
            if (firstSlice < 0 || lastSlice < firstSlice)
                throw new IllegalArgumentException("slices " + firstSlice + ".." + lastSlice + " are not a range from 0");
        }

        /** The first three limits and the slices; none of the others. */
        public Ends(double maxAreaGrowth, double maxSeedMultiple, double minMeanProbability, long firstSlice, long lastSlice) {
            this(maxAreaGrowth, maxSeedMultiple, minMeanProbability, 0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, 4, 0,
                    firstSlice, lastSlice);
        }

        /** No limit beyond {@link Settings}: propagation as it was before these rules. */
        public static Ends none() {
            return new Ends(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, Long.MAX_VALUE);
        }

        /**
         * The limits chosen on interactive-2d's training material only ({@code training/tune_stops.py} over the
         * evidence of {@code PropagationEndsBenchmark dump}: the cord t1w, the t2s grey matter, 114 AAL and 41 Brodmann
         * regions on ch2 and six synthetic objects, from a box on the largest slice and on a slice of half that area;
         * greedy on the mean 3D Dice, no group losing more than 0.01): a slice's area at most 2.5 times the seed's
         * and 3 times the median of the last 5 accepted slices. The other evidence (IoU, centroid shift, confident
         * share, touched box sides, agreement of the box sizes, a sudden growth, the mean probability) lowered the
         * mean there and stays off. See {@code docs/dev/propagation-stops.md}.
         */
        public static Ends defaults() {
            return new Ends(Double.POSITIVE_INFINITY, 2.5, 0, 0, Double.POSITIVE_INFINITY, 3, 0, 0, 4, 0, 0, Long.MAX_VALUE);
        }

        /** The same limits, the sweeps kept to slices {@code first..last} (0-based, inclusive). */
        public Ends between(long first, long last) {
            return new Ends(maxAreaGrowth, maxSeedMultiple, minMeanProbability, minIou, maxCentroidShift, maxMedianGrowth,
                    minMedianFraction, minConfidentShare, maxTouchedSides, minScaleAgreement, first, last);
        }

        /** Whether a slice with this evidence continues the sweep (the limits of {@link Settings} aside). */
        boolean allow(Step s) {
            return s.area() <= maxAreaGrowth * s.previousArea() && s.area() <= maxSeedMultiple * s.seedArea()
                    && (minMeanProbability == 0 || s.meanProbability() >= minMeanProbability)
                    && s.iou() >= minIou && !(s.centroidShift() > maxCentroidShift)
                    && s.area() <= maxMedianGrowth * s.medianArea() && s.area() >= minMedianFraction * s.medianArea()
                    && (minConfidentShare == 0 || s.confidentShare() >= minConfidentShare * s.seedConfidentShare())
                    && s.touchedSides() <= maxTouchedSides && s.scaleAgreement() >= minScaleAgreement;
        }

        Map<String, Object> describe() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("max_area_growth", Double.isInfinite(maxAreaGrowth) ? "none" : maxAreaGrowth);
            p.put("max_seed_multiple", Double.isInfinite(maxSeedMultiple) ? "none" : maxSeedMultiple);
            p.put("min_mean_probability", minMeanProbability);
            p.put("min_iou", minIou);
            p.put("max_centroid_shift", Double.isInfinite(maxCentroidShift) ? "none" : maxCentroidShift);
            p.put("max_median_growth", Double.isInfinite(maxMedianGrowth) ? "none" : maxMedianGrowth);
            p.put("min_median_fraction", minMedianFraction);
            p.put("min_confident_share", minConfidentShare);
            p.put("max_touched_sides", (long) maxTouchedSides);
            p.put("min_scale_agreement", minScaleAgreement);
            p.put("slices", new long[] {firstSlice, lastSlice == Long.MAX_VALUE ? -1 : lastSlice});
            return p;
        }
    }

    /**
     * What a sweep saw on one slice before judging it: the evidence {@link Ends} reads (no engine call beyond the
     * slice's one). {@code settingsAllow} and {@code endsAllow} say whether {@link Settings} and {@link Ends} let
     * it continue; the sweep stops at the first slice where either does not.
     *
     * @param centroidShift the centroid's move from the previous mask's, in the previous mask's equivalent radii
     * @param medianArea the median area of the last {@link Ends#MEDIAN_OF} accepted slices of this sweep
     * @param confidentShare the share of the mask's pixels with probability at least {@link Ends#CONFIDENT}
     * @param touchedSides how many sides of its prompt box the mask touches (a side at the image's edge never counts)
     * @param scaleAgreement the mean IoU of the chosen mask with the other box sizes' masks (1 with one size)
     */
    record Step(int label, int z, int direction, long area, long previousArea, long seedArea, double iou, double overlap,
            double centroidShift, double medianArea, double meanProbability, double confidentShare, double seedConfidentShare,
            int touchedSides, double scaleAgreement, double contrast, double reference, boolean settingsAllow, boolean endsAllow) {

        /** The same evidence with {@code endsAllow} set. */
        Step judged(boolean allow) {
            return new Step(label, z, direction, area, previousArea, seedArea, iou, overlap, centroidShift, medianArea, meanProbability,
                    confidentShare, seedConfidentShare, touchedSides, scaleAgreement, contrast, reference, settingsAllow, allow);
        }
    }

    private final ModelSpec spec;
    private final Network network;
    private final Segmenter slices;
    private final Settings settings;
    private final Ends ends;
    /** Sees each judged slice's evidence (tuning); null for none. */
    private java.util.function.Consumer<Step> trace;

    public Propagator(ModelSpec spec, Network network) {
        this(spec, network, Settings.defaults());
    }

    public Propagator(ModelSpec spec, Network network, Settings settings) {
        this(spec, network, settings, Ends.defaults());
    }

    public Propagator(ModelSpec spec, Network network, Settings settings, Ends ends) {
        this.spec = spec;
        this.network = network;
        this.slices = new Segmenter(spec, network);
        this.settings = settings;
        this.ends = ends;
    }

    /** Passes each judged slice's evidence to {@code trace} (for tuning the limits); returns this. */
    Propagator traced(java.util.function.Consumer<Step> trace) {
        this.trace = trace;
        return this;
    }

    /**
     * Refuses a model that cannot propagate, before any work: one that is not an interactive 2D model.
     *
     * @throws UsageException as {@link #segment} would
     */
    public static void check(ModelSpec spec) throws UsageException {
        Conditioning c = spec.conditioning();
        if (c.task() != Conditioning.Task.INTERACTIVE || c.grid() == null || c.grid().length != 2)
            throw new UsageException("propagate needs an interactive 2D model; " + spec.id() + " is "
                    + c.task().name().toLowerCase() + (c.grid() == null ? "" : " " + c.grid().length + "D"));
    }

    /**
     * Segments the request's objects through the stack.
     *
     * @throws UsageException where the model is not an interactive 2D model or the prompts do not fit
     * @throws java.util.concurrent.CancellationException where {@code cancelled} turned true (between slices)
     */
    public SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        check(spec);
        PromptCheck.check(request, spec);
        Volume image = request.image();
        int w = (int) image.width(), h = (int) image.height(), d = (int) image.depth();
        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(w, h, d);
        Img<FloatType> prob = ArrayImgs.floats(w, h, d);
        List<Seed> seeds = seeds(request.prompts(), d);
        long total = (long) seeds.size() * d;
        long[] done = {0};
        List<Object> extents = new ArrayList<>();
        for (int k = 0; k < seeds.size(); k++) {
            Seed seed = seeds.get(k);
            SliceMask first = run(image, seed.z, seed.prompts, request, cancelled);
            int label = k + 1;
            if (first.area() == 0) {
                extents.add(new long[] {seed.z});
                continue;
            }
            first.paint(labels, prob, seed.z, label);
            progress.update("propagation", ++done[0], total);
            Progress step = (stage, n, of) -> progress.update("propagation", ++done[0], total);
            int lo = sweep(image, first, seed.z, -1, label, labels, prob, request, step, cancelled);
            int hi = sweep(image, first, seed.z, +1, label, labels, prob, request, step, cancelled);
            extents.add(new long[] {seed.z, lo, hi});
        }
        progress.update("propagation", total, total);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("windowed", true);
        Map<String, Object> p = settings.describe();
        p.putAll(ends.describe());
        p.put("objects", extents);
        run.put("propagate", p);
        return new SegmentResult(labels, prob, Provenance.of(spec, request, run));
    }

    /** One object to propagate: its seed slice and the prompts on it (at z = 0 of a one-slice volume). */
    private record Seed(int z, Prompts prompts) {
    }

    /** Each box is an object seeded on its middle slice; without boxes, each slice with a positive prompt. */
    private static List<Seed> seeds(Prompts prompts, int depth) {
        List<Seed> seeds = new ArrayList<>();
        if (!prompts.boxes().isEmpty()) {
            for (Box b : prompts.boxes()) {
                int z = (int) (b.z() + (b.depth() - 1) / 2);
                List<Click> inside = prompts.clicksOn(z).stream().filter(c -> c.x() >= b.x() && c.x() < b.x() + b.width()
                        && c.y() >= b.y() && c.y() < b.y() + b.height()).map(c -> new Click(c.x(), c.y(), 0, c.positive())).toList();
                seeds.add(new Seed(z, new Prompts(inside, List.of(new Box(b.x(), b.y(), b.width(), b.height(), 0, 1)), null, null)));
            }
            return seeds;
        }
        for (int z = 0; z < depth; z++) {
            final long zz = z;
            List<Click> clicks = prompts.clicksOn(z).stream().map(c -> new Click(c.x(), c.y(), 0, c.positive())).toList();
            boolean[] scribble = prompts.mask() == null ? null : SliceMask.of(prompts.mask(), zz);
            if (clicks.stream().anyMatch(Click::positive) || scribble != null)
                seeds.add(new Seed(z, new Prompts(clicks, List.of(), scribble == null ? null : SliceMask.image(scribble,
                        prompts.mask().dimension(0), prompts.mask().dimension(1)), null)));
        }
        return seeds;
    }

    /**
     * Carries the seed's mask slice by slice in direction {@code dir} until the object ends; paints
     * what it accepts and returns the last slice reached.
     */
    private int sweep(Volume image, SliceMask seed, int z0, int dir, int label, Img<UnsignedShortType> labels,
            Img<FloatType> prob, SegmentRequest request, Progress step, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        int w = (int) image.width(), h = (int) image.height(), last = z0;
        SliceMask prev = seed;
        // contrast counts in the seed's direction: a dark object on a bright background has negative contrast
        double sign = seed.contrast() < 0 ? -1 : 1;
        double reference = sign * seed.contrast(); // the strongest contrast seen on this object so far
        double seedConfident = confidentShare(seed);
        List<Long> accepted = new ArrayList<>(List.of(seed.area()));
        long lo = Math.max(0, ends.firstSlice()), hi = Math.min(image.depth() - 1, ends.lastSlice());
        for (int z = z0 + dir; z >= lo && z <= hi; z += dir) {
            int chosen = -1;
            double[] scales = settings.carry() == Carry.SCRIBBLE ? new double[] {1} : settings.scales();
            List<Prompts> tries = new ArrayList<>();
            for (double scale : scales)
                tries.add(carried(prev.mask(), w, h, scale));
            List<SliceMask> masks = runAll(image, z, tries, request, cancelled);
            for (int t = 0; t < masks.size(); t++)
                if (chosen < 0 || sign * masks.get(t).contrast() > sign * masks.get(chosen).contrast())
                    chosen = t;
            SliceMask next = masks.get(chosen);
            double contrast = sign * next.contrast();
            boolean byMask = continues(next, prev, seed.area(), contrast, reference);
            Step evidence = next.area() == 0 ? null
                    : evidence(label, z, dir, next, prev, seed.area(), seedConfident, accepted, tries.get(chosen), masks, chosen,
                            contrast, reference, byMask, w, h);
            if (evidence != null && trace != null)
                trace.accept(evidence);
            if (!byMask || !evidence.endsAllow())
                break;
            next.paint(labels, prob, z, label);
            step.update("propagation", 0, 0);
            reference = Math.max(reference, contrast);
            accepted.add(next.area());
            prev = next;
            last = z;
        }
        return last;
    }

    /** The limits of {@link Settings}: empty, too small, too little overlap, or lost contrast. */
    private boolean continues(SliceMask next, SliceMask prev, long seedArea, double contrast, double reference) {
        if (next.area() == 0 || next.area() < settings.minAreaFraction() * seedArea)
            return false;
        if (shared(next.mask(), prev.mask()) < settings.minOverlap() * next.area())
            return false;
        return settings.minContrast() == 0 || reference <= 0 || contrast >= settings.minContrast() * reference;
    }

    /** The evidence of one slice's chosen mask, judged by {@link Ends#allow}. */
    private Step evidence(int label, int z, int dir, SliceMask next, SliceMask prev, long seedArea, double seedConfident,
            List<Long> accepted, Prompts prompt, List<SliceMask> masks, int chosen, double contrast, double reference,
            boolean settingsAllow, int w, int h) {
        long shared = shared(next.mask(), prev.mask());
        double iou = (double) shared / (next.area() + prev.area() - shared);
        double[] c1 = centroid(next.mask(), w), c0 = centroid(prev.mask(), w);
        double shift = Math.hypot(c1[0] - c0[0], c1[1] - c0[1]) / Math.sqrt(prev.area() / Math.PI);
        List<Long> recent = new ArrayList<>(accepted.subList(Math.max(0, accepted.size() - Ends.MEDIAN_OF), accepted.size()));
        java.util.Collections.sort(recent);
        int n = recent.size();
        double median = n % 2 == 1 ? recent.get(n / 2) : (recent.get(n / 2 - 1) + recent.get(n / 2)) / 2.0;
        double sum = 0;
        for (int i = 0; i < next.mask().length; i++)
            if (next.mask()[i])
                sum += next.prob()[i];
        int sides = prompt.boxes().isEmpty() ? 0 : touchedSides(next.mask(), prompt.boxes().get(0), w, h);
        double agreement = 0;
        for (int t = 0; t < masks.size(); t++)
            if (t != chosen) {
                SliceMask o = masks.get(t);
                long s = shared(next.mask(), o.mask());
                agreement += (double) s / (next.area() + o.area() - s);
            }
        agreement = masks.size() == 1 ? 1 : agreement / (masks.size() - 1);
        Step s = new Step(label, z, dir, next.area(), prev.area(), seedArea, iou, (double) shared / next.area(), shift, median,
                sum / next.area(), confidentShare(next), seedConfident, sides, agreement, contrast, reference, settingsAllow, true);
        return s.judged(ends.allow(s));
    }

    private static long shared(boolean[] a, boolean[] b) {
        long n = 0;
        for (int i = 0; i < a.length; i++)
            if (a[i] && b[i])
                n++;
        return n;
    }

    /** {x, y} of a non-empty mask's centroid. */
    static double[] centroid(boolean[] m, int w) {
        double x = 0, y = 0;
        long n = 0;
        for (int i = 0; i < m.length; i++)
            if (m[i]) {
                x += i % w;
                y += i / w;
                n++;
            }
        return new double[] {x / n, y / n};
    }

    /** The share of a mask's pixels whose probability is at least {@link Ends#CONFIDENT} (0 where empty). */
    static double confidentShare(SliceMask m) {
        long n = 0;
        for (int i = 0; i < m.mask().length; i++)
            if (m.mask()[i] && m.prob()[i] >= Ends.CONFIDENT)
                n++;
        return m.area() == 0 ? 0 : (double) n / m.area();
    }

    /**
     * How many sides of {@code box} the mask reaches (its bounds on the box's first or last row or column); a side
     * on the image's edge does not count, since there the object may simply be cut by the image.
     */
    static int touchedSides(boolean[] m, Box box, int w, int h) {
        long[] b = SliceMask.bounds(m, w);
        long x0 = box.x(), y0 = box.y(), x1 = box.x() + box.width() - 1, y1 = box.y() + box.height() - 1;
        int n = 0;
        if (x0 > 0 && b[0] <= x0)
            n++;
        if (y0 > 0 && b[1] <= y0)
            n++;
        if (x1 < w - 1 && b[2] >= x1)
            n++;
        if (y1 < h - 1 && b[3] >= y1)
            n++;
        return n;
    }

    /** The prompts for the next slice, from the previous slice's mask. */
    Prompts carried(boolean[] mask, int w, int h, double scale) {
        long[] b = SliceMask.bounds(mask, w);
        double cx = (b[0] + b[2] + 1) / 2.0, cy = (b[1] + b[3] + 1) / 2.0;
        double hw = (b[2] - b[0] + 1) * scale * (1 + settings.growth()) / 2 + settings.margin();
        double hh = (b[3] - b[1] + 1) * scale * (1 + settings.growth()) / 2 + settings.margin();
        long x0 = Math.max(0, Math.round(cx - hw)), y0 = Math.max(0, Math.round(cy - hh));
        long x1 = Math.min(w, Math.max(x0 + 1, Math.round(cx + hw))), y1 = Math.min(h, Math.max(y0 + 1, Math.round(cy + hh)));
        Box box = new Box(x0, y0, x1 - x0, y1 - y0, 0, 1);
        return switch (settings.carry()) {
            case BOX -> new Prompts(List.of(), List.of(box), null, null);
            case BOX_AND_CLICK -> {
                int inner = SliceMask.innermost(mask, w, h);
                yield new Prompts(List.of(Click.positive(inner % w, inner / w, 0)), List.of(box), null, null);
            }
            case SCRIBBLE -> new Prompts(List.of(), List.of(), SliceMask.image(SliceMask.core(mask, w, h), w, h), null);
        };
    }

    /**
     * The masks of several tries on slice z, in their order: one engine call for all of them (the rows
     * of one batch), each decoded as the segmenter decodes an object. A generative model runs them one
     * by one through the segmenter.
     */
    List<SliceMask> runAll(Volume image, int z, List<Prompts> tries, SegmentRequest request, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        Conditioning cond = spec.conditioning();
        if (cond.latent() != null) {
            List<SliceMask> out = new ArrayList<>();
            for (Prompts p : tries)
                out.add(run(image, z, p, request, cancelled));
            return out;
        }
        if (cancelled.getAsBoolean())
            throw new CancellationException("cancelled at slice " + z);
        Volume slice = new Volume(SliceMask.slice(image.pixels(), z), image.calibration(), image.name());
        FiniteCheck.check(slice);
        int w = (int) image.width(), h = (int) image.height();
        List<PromptedObjects.SliceObject> objects = new ArrayList<>();
        int[] objectOf = new int[tries.size()];
        for (int t = 0; t < tries.size(); t++) {
            Prompts p = tries.get(t);
            PromptCheck.check(new SegmentRequest(slice, p, request.options()), spec);
            boolean[] scribble = p.mask() == null ? null : SliceMask.of(p.mask(), 0);
            List<PromptedObjects.SliceObject> o = PromptedObjects.objects(cond, p.clicks(), p.boxes(), scribble, w, h);
            objectOf[t] = o.isEmpty() ? -1 : objects.size();
            objects.addAll(o.subList(0, Math.min(1, o.size())));
        }
        List<Resampler.Region> probs = objects.isEmpty() ? List.of()
                : new InteractiveSegmenter(spec, network, request.options().maskChoice()).run(net.imglib2.view.Views.hyperSlice(slice.pixels(), 2, 0), objects, w, h,
                        request.options().tta());
        float[] values = null;
        List<SliceMask> out = new ArrayList<>();
        for (int t = 0; t < tries.size(); t++) {
            boolean[] m = new boolean[w * h];
            float[] q = new float[w * h];
            long area = 0;
            if (objectOf[t] >= 0) {
                PromptedObjects.SliceObject o = objects.get(objectOf[t]);
                Resampler.Region r = probs.get(objectOf[t]);
                boolean[] decoded = MaskDecoder.decode(r, cond.threshold(), cond.clipToBox() ? o.box() : null, o.clicks(),
                        o.scribble(), w, cond.keep(), cond.connectivity());
                for (int j = 0; j < r.height(); j++)
                    for (int i = 0; i < r.width(); i++) {
                        int at = (int) ((r.y0() + j) * w + r.x0() + i);
                        float v = r.values()[j * r.width() + i];
                        if (v > q[at])
                            q[at] = v;
                        if (decoded[j * r.width() + i] && !m[at]) {
                            m[at] = true;
                            area++;
                        }
                    }
            }
            if (area > 0 && values == null)
                values = SliceMask.values(slice.pixels());
            out.add(new SliceMask(m, q, area, area == 0 ? 0 : SliceMask.contrast(m, values, w, h)));
        }
        return out;
    }

    SliceMask run(Volume image, int z, Prompts prompts, SegmentRequest request, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        if (cancelled.getAsBoolean())
            throw new CancellationException("cancelled at slice " + z);
        Volume slice = new Volume(SliceMask.slice(image.pixels(), z), image.calibration(), image.name());
        SegmentResult r = slices.segment(new SegmentRequest(slice, prompts, request.options()), Progress.NONE, () -> false);
        return SliceMask.of(r, slice.pixels());
    }

    /** Writes label and probability of one slice. */
    static void paint(Img<UnsignedShortType> labels, Img<FloatType> prob, int z, boolean[] mask, float[] p, int label) {
        int w = (int) labels.dimension(0);
        RandomAccess<UnsignedShortType> l = labels.randomAccess();
        RandomAccess<FloatType> q = prob.randomAccess();
        for (int i = 0; i < mask.length; i++) {
            long[] pos = {i % w, i / w, z};
            q.setPosition(pos);
            if (p[i] > q.get().get())
                q.get().set(p[i]);
            if (mask[i]) {
                l.setPosition(pos);
                if (l.get().get() == 0)
                    l.get().set(label);
            }
        }
    }
}
