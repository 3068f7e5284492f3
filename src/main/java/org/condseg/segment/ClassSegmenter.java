package org.condseg.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.condseg.conditioning.ClassEncoder;
import org.condseg.model.OptionKey;
import org.condseg.model.Activation;
import org.condseg.model.Conditioning;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Tensor;
import org.condseg.model.TensorSpec;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Runs a 2D class-conditional model over every slice of the image, whole: the image goes in as
 * {@code [N, 1, Y, X]} (the input's preprocessing computed over the whole volume, padded at the end
 * with 0 to the model's size multiple), the class as a one-hot {@code [N, classes]} second input.
 * Pixels above the threshold get label 1.
 *
 * <pre>{@code
 * SegmentResult r = new ClassSegmenter(spec, net).segment(request, Progress.NONE, () -> false);
 * }</pre>
 */
final class ClassSegmenter {

    /** Slices per engine call. */
    static final int BATCH = 4;

    private final ModelSpec spec;
    private final Network network;
    private final Conditioning cond;

    ClassSegmenter(ModelSpec spec, Network network) {
        this.spec = spec;
        this.network = network;
        this.cond = spec.conditioning();
    }

    SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled)
            throws UsageException, InputException, RunException {
        if (spec.spatialDims() != 2)
            throw new InputException(spec.folder(), "class-conditional models run on 2D slices; this one has "
                    + spec.spatialDims() + " space axes");
        if (spec.input().channels() != 1)
            throw new InputException(spec.folder(), "the image input takes " + spec.input().channels()
                    + " channels; this image has 1");
        TensorSpec classInput = classInput();
        int index = ClassEncoder.resolve(cond.classes(), request.prompts().className());
        if (request.options().tta())
            throw new UsageException(OptionKey.TTA.mark() + " is not available for class-conditional model " + spec.id()
                    + ": its classes are left/right specific, so flipped inputs would answer another class");

        var image = request.image().pixels();
        int w = (int) image.dimension(0), h = (int) image.dimension(1), d = (int) image.dimension(2);
        int m = cond.sizeMultiple();
        int pw = -Math.floorDiv(-w, m) * m, ph = -Math.floorDiv(-h, m) * m;
        ArrayImg<FloatType, FloatArray> scaled = ArrayImgs.floats(w, h, d);
        Cursor<? extends RealType<?>> src = Views.flatIterable(image).cursor();
        for (FloatType t : scaled)
            t.set(src.next().getRealFloat());
        Preprocessor.apply(spec.input(), scaled); // the slices are the batch: statistics of the whole volume
        float[] in = scaled.update(null).getCurrentStorageArray(); // x fastest, then y, then z

        ArrayImg<UnsignedShortType, ShortArray> labels = ArrayImgs.unsignedShorts(w, h, d);
        ArrayImg<FloatType, FloatArray> prob = ArrayImgs.floats(w, h, d);
        float[] hot = ClassEncoder.oneHot(index, cond.classes().size());
        for (int z0 = 0; z0 < d; z0 += BATCH) {
            if (cancelled.getAsBoolean())
                throw new CancellationException("cancelled at slice " + z0);
            int n = Math.min(BATCH, d - z0);
            float[] x = new float[n * ph * pw];
            float[] c = new float[n * hot.length];
            for (int k = 0; k < n; k++) {
                System.arraycopy(hot, 0, c, k * hot.length, hot.length);
                for (int y = 0; y < h; y++)
                    System.arraycopy(in, ((z0 + k) * h + y) * w, x, (k * ph + y) * pw, w);
            }
            List<Tensor> inputs = new ArrayList<>();
            for (TensorSpec t : spec.inputs())
                inputs.add(t == classInput ? new Tensor(t.id(), new long[] {n, hot.length}, c)
                        : new Tensor(t.id(), new long[] {n, 1, ph, pw}, x));
            float[] out = network.run(inputs).get(0).data();
            if (out.length != n * ph * pw)
                throw new RunException(spec.id(), "the model returned " + out.length + " values for " + n + " slices of "
                        + pw + "x" + ph, null);
            write(out, labels.update(null).getCurrentStorageArray(), prob.update(null).getCurrentStorageArray(), z0, n, w,
                    h, pw, ph);
            progress.update("slices", z0 + n, d);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("class", cond.classes().get(index));
        run.put("class_index", index);
        run.put("padded", new int[] {pw, ph});
        return new SegmentResult(labels, prob, Provenance.of(spec, request, run));
    }

    private void write(float[] out, short[] labels, float[] prob, int z0, int n, int w, int h, int pw, int ph) {
        boolean sigmoid = cond.activation() == Activation.SIGMOID;
        for (int k = 0; k < n; k++)
            for (int y = 0; y < h; y++)
                for (int i = 0; i < w; i++) {
                    double v = out[(k * ph + y) * pw + i];
                    if (sigmoid)
                        v = Activation.sigmoid(v);
                    int at = ((z0 + k) * h + y) * w + i;
                    prob[at] = (float) v;
                    if (v > cond.threshold())
                        labels[at] = 1;
                }
    }

    /** The input that carries the class: the one (not the image) with a channel per class. */
    private TensorSpec classInput() throws InputException {
        for (TensorSpec t : spec.inputs().subList(1, spec.inputs().size()))
            if (t.channels() == cond.classes().size())
                return t;
        throw new InputException(spec.folder(), "no input of " + cond.classes().size()
                + " channels (one per class) besides the image");
    }
}
