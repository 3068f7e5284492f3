package org.condseg.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.InputException;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.RunException;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.segment.Segmenter;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * The standard protocol of interactive segmentation (as RITM, SimpleClick and nnInteractive measure it),
 * simulated on one labelled object of a 2D slice. The first interaction comes from the truth: its tight
 * box ({@link Start#BOX}) or a positive click at its interior-most pixel ({@link Start#CLICK}). Each next
 * interaction adds a click at the interior-most pixel of the largest error region ({@link NextClick}),
 * and the model runs again with every click so far (and the box), and, for a model that continues from
 * a mask, the mask it gave last. The protocol stops at the cap, or once
 * Dice 0.90 is reached and {@code min(5, cap)} interactions are done, or where the mask is perfect.
 *
 * <pre>{@code
 * PromptProtocol p = new PromptProtocol(new Segmenter(spec, net), SegmentOptions.defaults(), PromptProtocol.Start.BOX, 20);
 * for (LabelledObject o : LabelledObject.all(truth.pixels()))
 *     traces.add(p.run(image, o, () -> false));
 * PromptEvaluation e = PromptEvaluation.of(traces, PromptProtocol.Start.BOX, 20);
 * }</pre>
 */
public final class PromptProtocol {

    /** The first interaction. */
    public enum Start {
        /** the object's tight box; every later click comes with it */
        BOX,
        /** a positive click at the object's interior-most pixel */
        CLICK;

        /** {@code box} or {@code click}; an IllegalArgumentException for anything else. */
        public static Start parse(String text) {
            for (Start s : values())
                if (s.name().toLowerCase(Locale.ROOT).equals(text))
                    return s;
            throw new IllegalArgumentException("prompt " + text + " is not box or click");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Dice at which the protocol may stop early (NoC@90's threshold). */
    static final double STOP_DICE = 0.90;

    /** Interactions always run (unless the cap is lower), so that Dice after 1, 3 and 5 is known. */
    static final int REPORTED = 5;

    private final Segmenter segmenter;
    private final SegmentOptions options;
    private final Start start;
    private final int cap;

    /**
     * @param cap the most interactions per object (the first prompt included), 1 to 100
     * @throws IllegalArgumentException where the cap is out of range or the model is not an interactive 2D model
     */
    public PromptProtocol(Segmenter segmenter, SegmentOptions options, Start start, int cap) {
        if (cap < 1 || cap > 100)
            throw new IllegalArgumentException("clicks " + cap + " is not from 1 to 100");
        var spec = segmenter.spec();
        if (spec.conditioning().task() != Conditioning.Task.INTERACTIVE || spec.spatialDims() != 2)
            throw new IllegalArgumentException("model " + spec.id() + " is not an interactive 2D model: the protocol prompts 2D slices");
        this.segmenter = segmenter;
        this.options = options;
        this.start = start;
        this.cap = cap;
    }

    /**
     * Runs the protocol on one object of {@code image} (a 2D image, or a stack of which the object's slice
     * is prompted).
     *
     * @throws java.util.concurrent.CancellationException where {@code cancelled} turned true
     */
    public ObjectTrace run(Volume image, LabelledObject object, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        Volume plane = plane(image, object.slice());
        PlaneMask truth = object.truth();
        int w = truth.width(), h = truth.height();
        if (w != plane.width() || h != plane.height())
            throw new IllegalArgumentException("truth " + w + "×" + h + " is not on the image's " + plane.width() + "×" + plane.height() + " grid");
        Box box = truth.tightBox(0);
        Click first = NextClick.first(truth, 0);
        List<Click> clicks = new ArrayList<>();
        if (start == Start.CLICK)
            clicks.add(first);
        List<Box> boxes = start == Start.BOX ? List.of(box) : List.of();
        int reported = Math.min(REPORTED, cap);
        double[] dice = new double[cap];
        int n = 0, runs = 0;
        boolean reached = false;
        boolean continues = segmenter.spec().conditioning().continuesFromMask();
        RandomAccessibleInterval<? extends RealType<?>> previous = null;
        while (n < cap) {
            if (cancelled.getAsBoolean())
                throw new CancellationException("cancelled at " + image.name() + " label " + object.label());
            var result = segmenter.segment(new SegmentRequest(plane, new Prompts(clicks, boxes, previous, null), options),
                    Progress.NONE, cancelled);
            if (continues)
                previous = result.labels();
            PlaneMask predicted = PlaneMask.of(result.labels(), -1);
            dice[n] = predicted.dice(truth);
            runs++;
            reached |= dice[n] >= STOP_DICE;
            n++;
            if (n >= cap || (reached && n >= reported))
                break;
            Optional<Click> next = NextClick.after(truth, predicted, 0);
            if (next.isEmpty()) {
                // nothing left to correct: the mask stays as it is
                for (; n < reported; n++)
                    dice[n] = dice[n - 1];
                break;
            }
            clicks.add(next.get());
        }
        Click firstOnSlice = new Click(first.x(), first.y(), object.slice(), true);
        Box boxOnSlice = new Box(box.x(), box.y(), box.width(), box.height(), object.slice(), 1);
        return new ObjectTrace(image.name(), object.label(), object.slice(), truth.area(), boxOnSlice, firstOnSlice,
                java.util.Arrays.copyOf(dice, n), runs, cap, Baselines.ellipse(box, w, h).dice(truth), truth.cropped(), w, h);
    }

    public Start start() {
        return start;
    }

    public int cap() {
        return cap;
    }

    /** Slice z of the image as a 2D image (depth 1). */
    private static Volume plane(Volume image, long z) {
        if (image.depth() == 1)
            return image;
        RandomAccessibleInterval<? extends RealType<?>> p = Views.addDimension(Views.hyperSlice(image.pixels(), 2, z), 0, 0);
        return new Volume(p, image.calibration(), image.name() + " slice " + z);
    }
}
