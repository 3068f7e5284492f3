package org.condseg.ij;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.condseg.io.Models;
import org.condseg.io.medical.DataLimits;
import org.condseg.model.CondSegException;
import org.condseg.model.Conditioning;
import org.condseg.model.Json;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.refine.Refinement;
import org.condseg.segment.JobRunner;
import org.condseg.segment.MemoryNeed;
import org.condseg.segment.Propagator;
import org.condseg.segment.SegmentJob;
import org.condseg.segment.Strategy;
import org.condseg.segment.Uncertainty;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

/**
 * Segments an ImagePlus (2D, stack or hyperstack) and gives back ImagePlus results: what every ImageJ
 * front end (menu command, SciJava command, script) calls. One channel is segmented per frame; each
 * frame's volume goes to the core with the objects drawn on that frame (an interactive model skips
 * frames without any), and the results keep the input's width, height, slices, frames and
 * calibration. A model without a condition whose input has N &gt; 1 channels takes, per frame,
 * channels 1..N of a hyperstack of N channels, or the given further images ({@code more}: one channel
 * each, the image's grid and frames) after the image. Nothing is returned, or left behind, until every
 * frame is done.
 *
 * <pre>{@code
 * var request = new ImageSegmentation.Request(imp, "interactive-2d", 1, List.of(RoiPrompts.fromRoi(imp.getRoi(), imp)),
 *         null, true, SegmentOptions.defaults(), false, false);
 * ImageSegmentation.Outputs out = ImageSegmentation.run(request, IJ::log, new StatusBarProgress("CondSeg"), IJ::escapePressed);
 * out.labels().show();
 * // a two-channel model: T1 and T2 as two open images (or one hyperstack of two channels, more empty)
 * var both = new ImageSegmentation.Request(t1, "my-t1-t2-model", 1, List.of(), null, false, SegmentOptions.defaults(),
 *         false, false, List.of(t2));
 * }</pre>
 */
public final class ImageSegmentation {

    private ImageSegmentation() {
    }

    /**
     * What to segment.
     *
     * @param image the input
     * @param model a model id or package folder
     * @param channel the channel to segment (1-based)
     * @param objects the objects drawn, each on its frame (empty: none)
     * @param className the class of a class-conditional model, or {@code null}
     * @param propagate carry each object through its frame's stack
     * @param options threads, device, samples, seed
     * @param probabilities whether to return {@code T-probabilities}
     * @param uncertainty whether to return {@code T-uncertainty}
     * @param more the further input channels of a multi-modal model as separate images, after {@code image}
     *        (empty: a multi-modal model takes the image's own channels)
     * @param cascade a model without a condition: the cascade's shrink factor (0: none; see {@link Strategy.Cascade})
     * @param refinement classic refinement of each frame's labels ({@link Refinement#NONE}: none)
     * @param sampleMasks whether to return a generative model's sampled masks ({@code T-samples})
     * @param ends where propagation stops ({@code null}: the default rules)
     */
    public record Request(ImagePlus image, String model, int channel, List<RoiPrompts.Prompted> objects, String className,
            boolean propagate, SegmentOptions options, boolean probabilities, boolean uncertainty, List<ImagePlus> more,
            int cascade, Refinement refinement, boolean sampleMasks, Propagator.Ends ends) {
        public Request {
            refinement = refinement == null ? Refinement.NONE : refinement;
            ends = ends == null ? Propagator.Ends.defaults() : ends;
            objects = List.copyOf(objects);
            className = className == null || className.isBlank() ? null : className.trim();
            more = List.copyOf(more);
            if (cascade != 0 && cascade < 2)
                throw new IllegalArgumentException("cascade=" + cascade + ": give 0 for none, or a shrink factor of 2 or more");
        }

        /** A request without a cascade. */
        public Request(ImagePlus image, String model, int channel, List<RoiPrompts.Prompted> objects, String className,
                boolean propagate, SegmentOptions options, boolean probabilities, boolean uncertainty, List<ImagePlus> more) {
            this(image, model, channel, objects, className, propagate, options, probabilities, uncertainty, more, 0, Refinement.NONE,
                    false, null);
        }

        /** How each frame runs, from {@code firstLabel} for drawn objects. */
        Strategy strategy(boolean interactive, int firstLabel) {
            if (cascade > 0)
                return new Strategy.Cascade(cascade);
            if (propagate)
                return new Strategy.Propagate(firstLabel, ends);
            return interactive ? new Strategy.PerObject(firstLabel) : new Strategy.WholeImage();
        }

        /** A request with the image alone (a multi-modal model takes its channels). */
        public Request(ImagePlus image, String model, int channel, List<RoiPrompts.Prompted> objects, String className,
                boolean propagate, SegmentOptions options, boolean probabilities, boolean uncertainty) {
            this(image, model, channel, objects, className, propagate, options, probabilities, uncertainty, List.of());
        }
    }

    /**
     * The results, titled {@code T-labels}, {@code T-probabilities}, {@code T-uncertainty} after the input's title T.
     *
     * @param probabilities or {@code null} where not asked for
     * @param uncertainty or {@code null} where not asked for
     * @param objects the largest label
     * @param samples a generative model's sampled masks ({@code T-samples}: one frame each), or {@code null} where not asked for
     */
    public record Outputs(ImagePlus labels, ImagePlus probabilities, ImagePlus uncertainty, int objects, ImagePlus samples) {
        /** Outputs without sampled masks. */
        public Outputs(ImagePlus labels, ImagePlus probabilities, ImagePlus uncertainty, int objects) {
            this(labels, probabilities, uncertainty, objects, null);
        }
    }

    /**
     * @throws CondSegException with a one-line reason: bad prompts or image (usage, input), a bad model, a failed run
     * @throws java.util.concurrent.CancellationException where {@code cancelled} turned true (between slices or tiles)
     */
    public static Outputs run(Request r, Consumer<String> notices, Progress progress, BooleanSupplier cancelled)
            throws CondSegException {
        check(r);
        ModelSpec spec = Models.standard(null).find(r.model());
        try (Network net = Models.open(spec, r.options(), notices)) {
            return run(r, spec, net, progress, cancelled);
        }
    }

    /** The same with a model already open (a batch opens it once for all its images); {@code r.model()} is not read. */
    public static Outputs run(Request r, ModelSpec spec, Network net, Progress progress, BooleanSupplier cancelled)
            throws CondSegException {
        check(r);
        int inputs = inputChannels(r, spec);
        ImagePlus imp = r.image();
        boolean interactive = spec.conditioning().task() == Conditioning.Task.INTERACTIVE;
        JobRunner.check(spec, r.strategy(interactive, 1));
        if (interactive && r.objects().isEmpty())
            throw new UsageException("model " + spec.id() + " needs a prompt: draw a box, points or a scribble (prompt=roi), "
                    + "fill the ROI Manager (prompt=roi-manager) or give a prior label image (prompt=label-image)");
        if (!interactive && r.objects().size() > 0)
            throw new UsageException("model " + spec.id() + " takes no drawn prompts (task "
                    + spec.conditioning().task().name().toLowerCase() + "); use prompt=none");
        int frames = imp.getNFrames();
        if (r.sampleMasks() && spec.conditioning().latent() == null)
            throw new UsageException("sample masks: model " + spec.id() + " is not a generative model (samples=N asks one for N masks)");
        if (r.sampleMasks() && frames > 1)
            throw new UsageException("sample masks: " + imp.getTitle() + " has " + frames + " frames; sample one frame at a time");
        checkMemory(imp, MemoryNeed.of(spec, channels(r, inputs, 1).get(0), r.options()), frames);
        List<SegmentResult> results = new ArrayList<>();
        List<String> provenance = new ArrayList<>();
        JobRunner runner = new JobRunner(spec, net);
        int nextLabel = 1;
        for (int t = 1; t <= frames; t++) {
            final int frame = t;
            List<Volume> channels = channels(r, inputs, t);
            Volume v = channels.get(0);
            List<Prompts> objects = r.objects().stream().filter(o -> o.frame() == frame).map(RoiPrompts.Prompted::prompts).toList();
            Progress p = frames == 1 ? progress : (stage, done, total) -> progress.update("frame " + frame + "/" + frames + " " + stage, done, total);
            SegmentResult result;
            if (interactive && objects.isEmpty()) {
                result = empty(v);
            } else {
                List<Prompts> prompts = interactive ? objects : List.of(new Prompts(List.of(), List.of(), null, r.className()));
                SegmentJob job = new SegmentJob(v, channels.subList(1, channels.size()), prompts, r.options(),
                        r.strategy(interactive, nextLabel), r.refinement());
                result = runner.run(job, p, cancelled);
                nextLabel += objects.size();
            }
            results.add(result);
            provenance.add(result.provenance());
        }
        String title = ImagePlusAdapter.baseTitle(imp.getTitle());
        String json = frames == 1 ? provenance.get(0) : framesProvenance(inputs > 1 ? "channels" : "channel",
                inputs > 1 ? inputs : r.channel(), provenance);
        ImagePlus labels = LabelImages.labels(results, title, json);
        calibrate(labels, imp);
        ImagePlus prob = null, unc = null;
        if (r.probabilities()) {
            prob = LabelImages.floats(results.stream().map(SegmentResult::probabilities).toList(), title + "-probabilities");
            calibrate(prob, imp);
        }
        if (r.uncertainty()) {
            List<RandomAccessibleInterval<? extends RealType<?>>> u = new ArrayList<>();
            for (SegmentResult s : results)
                u.add(Uncertainty.of(s));
            unc = LabelImages.floats(u, title + "-uncertainty");
            calibrate(unc, imp);
        }
        ImagePlus samples = null;
        if (r.sampleMasks())
            samples = LabelImages.samplesFor(results.get(0), imp);
        return new Outputs(labels, prob, unc, results.stream().mapToInt(SegmentResult::maxLabel).max().orElse(0), samples);
    }

    /**
     * The number of image channels the model takes (a conditioned model: one), checked against what the
     * request gives: the further images, else the hyperstack's channels where the model takes several.
     */
    private static int inputChannels(Request r, ModelSpec spec) throws CondSegException {
        int wanted = spec.conditioning().task() == Conditioning.Task.NONE ? spec.input().channels() : 1;
        ImagePlus imp = r.image();
        if (!r.more().isEmpty()) {
            List<ImagePlus> all = new ArrayList<>(List.of(imp));
            all.addAll(r.more());
            if (all.size() != wanted)
                throw new UsageException("model " + spec.id() + " takes " + wanted + " input channel(s)"
                        + (wanted == 1 && spec.conditioning().task() != Conditioning.Task.NONE ? " (it is conditioned)" : "")
                        + " but " + all.size() + " images were given as its channels");
            InputChannels.checkImages(all);
        } else if (wanted > 1 && imp.getNChannels() != wanted) {
            throw new UsageException("model " + spec.id() + " takes " + wanted + " input channels but " + imp.getTitle() + " has "
                    + imp.getNChannels() + "; give a hyperstack of " + wanted + " channels, or " + wanted
                    + " open images as channels=[A,B,...]");
        }
        return wanted;
    }

    /** The input's channels for frame {@code t}: the image's (or its chosen one), or the image and the further images. */
    private static List<Volume> channels(Request r, int inputs, int t) throws CondSegException {
        List<Volume> out = new ArrayList<>();
        if (!r.more().isEmpty()) {
            out.add(ImagePlusAdapter.toVolume(r.image(), 1, t));
            for (ImagePlus o : r.more())
                out.add(ImagePlusAdapter.toVolume(o, 1, t));
        } else if (inputs > 1) {
            for (int c = 1; c <= inputs; c++)
                out.add(ImagePlusAdapter.toVolume(r.image(), c, t));
        } else {
            out.add(ImagePlusAdapter.toVolume(r.image(), r.channel(), t));
        }
        return out;
    }

    private static void check(Request r) throws UsageException {
        ImagePlus imp = r.image();
        if (imp == null || imp.getStackSize() == 0)
            throw new UsageException("no image to segment");
        if (r.channel() < 1 || r.channel() > imp.getNChannels())
            throw new UsageException("channel " + r.channel() + " does not exist in " + imp.getTitle() + " (" + imp.getNChannels() + " channels)");
        for (RoiPrompts.Prompted o : r.objects())
            if (o.frame() < 1 || o.frame() > imp.getNFrames())
                throw new UsageException("a prompt lies on frame " + o.frame() + " of " + imp.getTitle() + ", which has " + imp.getNFrames());
    }

    /**
     * Refuses, before any work, a stack whose results would not fit in ImageJ's memory (every frame's
     * labels and probabilities are kept until all are done), in one message that says how to raise it.
     */
    static void checkMemory(ImagePlus imp, long perFrame, int frames) throws UsageException {
        long need = perFrame < 0 || perFrame > Long.MAX_VALUE / Math.max(1, frames) ? Long.MAX_VALUE : perFrame * frames;
        long free = DataLimits.freeHeap(need);
        if (need > free)
            throw new UsageException(imp.getTitle() + ": segmenting it needs about " + (need == Long.MAX_VALUE ? "more than 8 EiB"
                    : (need >> 20) + " MiB") + " of memory, more than the " + (free >> 20) + " MiB ImageJ has free (of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): raise it in Edit > Options > Memory & Threads..., or segment "
                    + "a crop or fewer slices");
    }

    /** One provenance for several frames: the channel(s) taken, and each frame's provenance in order. */
    private static String framesProvenance(String channelKey, int channel, List<String> frames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(channelKey, channel);
        m.put("frames", frames.stream().map(Json::document).toList());
        return Json.write(m);
    }

    /** The input's spatial and temporal calibration, without its value calibration (labels are labels). */
    static void calibrate(ImagePlus out, ImagePlus in) {
        Calibration c = in.getCalibration().copy();
        c.disableDensityCalibration();
        out.setCalibration(c);
    }

    private static SegmentResult empty(Volume v) {
        return new SegmentResult(ArrayImgs.unsignedShorts(v.width(), v.height(), v.depth()),
                ArrayImgs.floats(v.width(), v.height(), v.depth()), "{\"skipped\":\"no prompt on this frame\"}");
    }
}
