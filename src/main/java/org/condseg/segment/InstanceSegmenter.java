package org.condseg.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.RunException;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Segments several objects of one image, each from its own prompts (one ROI each, one label of a prior
 * label image each), into one instance label image: object k (from {@code firstLabel}) gets label
 * {@code firstLabel + k} wherever it is found and no earlier object already is. With {@code propagate}
 * each object is carried through the stack by the {@link Propagator}. A model without a condition, or
 * a class-conditional one, takes exactly one object (its prompts may be empty or name a class) and its
 * labels are kept as the model gives them.
 *
 * <pre>{@code
 * List<Prompts> objects = List.of(boxPrompt, clickPrompt);
 * SegmentResult r = new InstanceSegmenter(spec, net).segment(volume, objects, 1, false, options, Progress.NONE, () -> false);
 * }</pre>
 */
public final class InstanceSegmenter {

    private final ModelSpec spec;
    private final Network network;
    private final Propagator.Settings settings;
    private final Propagator.Ends ends;

    public InstanceSegmenter(ModelSpec spec, Network network) {
        this(spec, network, Propagator.Settings.defaults());
    }

    public InstanceSegmenter(ModelSpec spec, Network network, Propagator.Settings settings) {
        this(spec, network, settings, Propagator.Ends.defaults());
    }

    /** With propagation that stops where {@code ends} says. */
    public InstanceSegmenter(ModelSpec spec, Network network, Propagator.Settings settings, Propagator.Ends ends) {
        this.ends = ends;
        this.spec = spec;
        this.network = network;
        this.settings = settings;
    }

    /**
     * @param objects the prompts of each object, on the image's grid
     * @param firstLabel the label of the first object (at least 1)
     * @throws UsageException where the objects do not suit the model (none for an interactive model,
     *         several for one without a condition) or a prompt does not fit the image
     */
    public SegmentResult segment(Volume image, List<Prompts> objects, int firstLabel, boolean propagate,
            SegmentOptions options, Progress progress, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        return segment(image, List.of(), objects, firstLabel, propagate, options, progress, cancelled);
    }

    /**
     * The same for a multi-modal model without a condition: {@code channels} are the input's channels
     * after {@code image} (see {@link SegmentRequest#channels()}); empty for one channel.
     *
     * @throws UsageException also where channels are given to a conditioned model
     */
    public SegmentResult segment(Volume image, List<Volume> channels, List<Prompts> objects, int firstLabel, boolean propagate,
            SegmentOptions options, Progress progress, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        if (firstLabel < 1 || firstLabel - 1 + objects.size() > 65535)
            throw new IllegalArgumentException("labels " + firstLabel + ".." + (firstLabel + objects.size() - 1)
                    + " do not fit 1..65535");
        boolean interactive = spec.conditioning().task() == Conditioning.Task.INTERACTIVE;
        if (!interactive) {
            if (objects.size() > 1)
                throw new UsageException("model " + spec.id() + " takes no prompts (task "
                        + spec.conditioning().task().name().toLowerCase() + "); got " + objects.size() + " objects");
            if (propagate)
                throw new UsageException("propagate needs an interactive 2D model; " + spec.id() + " has no prompts to carry");
            Prompts p = objects.isEmpty() ? Prompts.NONE : objects.get(0);
            return new Segmenter(spec, network).segment(new SegmentRequest(image, p, options, channels), progress, cancelled);
        }
        if (!channels.isEmpty())
            throw new UsageException("model " + spec.id() + " is conditioned and takes one image; several input channels are for "
                    + "models without a condition");
        if (objects.isEmpty())
            throw new UsageException("model " + spec.id() + " needs a prompt: draw a box, points or a scribble, or give a prior label image");
        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(image.width(), image.height(), image.depth());
        Img<FloatType> prob = ArrayImgs.floats(image.width(), image.height(), image.depth());
        SegmentResult only = null;
        for (int k = 0; k < objects.size(); k++) {
            final int index = k;
            Progress per = (stage, done, total) -> progress.update("object " + (index + 1) + "/" + objects.size() + " " + stage, done, total);
            SegmentRequest request = new SegmentRequest(image, objects.get(k), options);
            SegmentResult r = propagate ? new Propagator(spec, network, settings, ends).segment(request, per, cancelled)
                    : new Segmenter(spec, network).segment(request, per, cancelled);
            merge(r, labels, prob, firstLabel + k);
            only = r;
        }
        String provenance = provenance(image, objects, firstLabel, propagate, options);
        if (objects.size() == 1 && !only.samples().isEmpty()) {
            // one object of a generative model: its sampled masks and their uncertainty, with the object's label
            List<Img<UnsignedShortType>> samples = new ArrayList<>();
            for (Img<UnsignedShortType> s : only.samples()) {
                Img<UnsignedShortType> relabelled = s.copy();
                for (UnsignedShortType t : relabelled)
                    if (t.get() != 0)
                        t.set(firstLabel);
                samples.add(relabelled);
            }
            return new SegmentResult(labels, prob, only.uncertainty(), samples, provenance);
        }
        return new SegmentResult(labels, prob, provenance);
    }

    private static void merge(SegmentResult r, Img<UnsignedShortType> labels, Img<FloatType> prob, int label) {
        Cursor<UnsignedShortType> src = Views.flatIterable(r.labels()).cursor(), dst = Views.flatIterable(labels).cursor();
        Cursor<FloatType> ps = Views.flatIterable(r.probabilities()).cursor(), pd = Views.flatIterable(prob).cursor();
        while (dst.hasNext()) {
            UnsignedShortType d = dst.next();
            if (src.next().get() != 0 && d.get() == 0)
                d.set(label);
            float p = ps.next().get();
            FloatType q = pd.next();
            if (p > q.get())
                q.set(p);
        }
    }

    private String provenance(Volume image, List<Prompts> objects, int firstLabel, boolean propagate, SegmentOptions options) {
        List<Click> clicks = new ArrayList<>();
        List<Box> boxes = new ArrayList<>();
        boolean mask = false;
        for (Prompts p : objects) {
            clicks.addAll(p.clicks());
            boxes.addAll(p.boxes());
            mask |= p.mask() != null;
        }
        Prompts all = new Prompts(clicks, boxes, mask ? objects.stream().filter(p -> p.mask() != null).findFirst().get().mask() : null, null);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("windowed", true);
        run.put("objects", (long) objects.size());
        run.put("first_label", (long) firstLabel);
        if (propagate)
            run.put("propagate", settings.describe());
        return Provenance.of(spec, new SegmentRequest(image, all, options), run);
    }
}
