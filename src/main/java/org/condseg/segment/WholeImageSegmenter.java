package org.condseg.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.condseg.model.OptionKey;
import org.condseg.model.AxisSpec;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.RunException;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Tensor;
import org.condseg.model.TensorSpec;
import org.condseg.runtime.Network;
import org.condseg.tiling.TiledPredictor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Runs a model without a condition over the whole image, tiled with Gaussian stitching: a 2D model
 * slice by slice, a 3D model over the volume. A multi-modal model gets the request's image and its
 * further channels, in order, as its input channels. The input's preprocessing is computed over the
 * whole image (2D: each slice), for each channel, the postprocessing per tile; one output channel is thresholded into label
 * 1, several are read as classes (label = the channel of the maximum, channel 0 the background).
 *
 * <pre>{@code
 * SegmentResult r = new WholeImageSegmenter(spec, net).segment(request, Progress.NONE, () -> false);
 * }</pre>
 */
final class WholeImageSegmenter {

    private static final int DEFAULT_TILE_2D = 256;
    private static final int DEFAULT_TILE_3D = 64;

    private final ModelSpec spec;
    private final Network network;

    WholeImageSegmenter(ModelSpec spec, Network network) {
        this.spec = spec;
        this.network = network;
    }

    SegmentResult segment(SegmentRequest request, Progress progress, BooleanSupplier cancelled)
            throws InputException, RunException {
        TensorSpec in = spec.input();
        int dims = in.spaceAxes().size();
        List<RandomAccessibleInterval<? extends RealType<?>>> channels = new ArrayList<>();
        channels.add(request.image().pixels());
        request.channels().forEach(c -> channels.add(c.pixels()));
        if (in.channels() != channels.size())
            throw new InputException(spec.folder(), "model takes " + in.channels() + " channel(s); the input has " + channels.size()
                    + (in.channels() > channels.size() ? " (give one image per channel: " + OptionKey.INPUT.mark() + ")" : ""));
        var image = request.image().pixels();
        long w = image.dimension(0), h = image.dimension(1), d = image.dimension(2);
        long[] tile = tileSize(in, dims);
        int multiple = sizeMultiple(in);
        double overlap = request.options().overlap() >= 0 ? request.options().overlap() : spec.conditioning().overlap();
        TiledPredictor predictor = new TiledPredictor(tile, overlap, multiple);
        int outChannels = spec.output().channels();

        Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(w, h, d);
        Img<FloatType> prob = ArrayImgs.floats(w, h, d);
        List<List<RandomAccessibleInterval<FloatType>>> perChannel = new ArrayList<>();
        for (var c : channels)
            perChannel.add(dims == 2 ? slices(c) : List.of(copy(c)));
        List<RandomAccessibleInterval<FloatType>> blocks = perChannel.get(0);
        List<RandomAccessibleInterval<UnsignedShortType>> labelBlocks = dims == 2 ? slicesOf(labels) : List.of(labels);
        List<RandomAccessibleInterval<FloatType>> probBlocks = dims == 2 ? slicesOf(prob) : List.of(prob);
        for (int b = 0; b < blocks.size(); b++) {
            List<RandomAccessibleInterval<FloatType>> input = new ArrayList<>();
            for (List<RandomAccessibleInterval<FloatType>> c : perChannel) {
                Preprocessor.apply(in.processing(), c.get(b));
                input.add(c.get(b));
            }
            List<RandomAccessibleInterval<FloatType>> outs = new ArrayList<>();
            for (int c = 0; c < outChannels; c++)
                outs.add(dims == 2 ? ArrayImgs.floats(w, h) : ArrayImgs.floats(w, h, d));
            final int blockIndex = b;
            try {
                predictor.predict(input, (data, shape) -> runTile(data, shape), outs,
                        (done, total) -> progress.update("tiles", (long) blockIndex * total + done, (long) blocks.size() * total),
                        cancelled);
            } catch (RunException | java.util.concurrent.CancellationException e) {
                throw e;
            } catch (Exception e) {
                throw new RunException(spec.id(), e.getMessage(), e);
            }
            Decoder.decode(outs, spec.conditioning().threshold(), labelBlocks.get(b), probBlocks.get(b));
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tile", tile);
        run.put("overlap", overlap);
        run.put("blend", "gaussian");
        return new SegmentResult(labels, prob, Provenance.of(spec, request, run));
    }

    private float[] runTile(float[] data, long[] shape) throws RunException {
        long[] batched = new long[shape.length + 1];
        batched[0] = 1;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        Tensor out = network.run(List.of(new Tensor(spec.input().id(), batched, data))).get(0);
        float[] v = out.data();
        Preprocessor.post(spec.output().processing(), v);
        return v;
    }

    /** The tile size (x, y[, z]) from the model's fixed or parameterised space axes. */
    private long[] tileSize(TensorSpec in, int dims) {
        List<AxisSpec> space = in.spaceAxes();
        int[] wanted = spec.conditioning().tile();
        long[] tile = new long[dims];
        for (int k = 0; k < dims; k++) {
            AxisSpec a = space.get(dims - 1 - k);
            long want = wanted != null && k < wanted.length ? wanted[k] : dims == 2 ? DEFAULT_TILE_2D : DEFAULT_TILE_3D;
            tile[k] = a.validSize(want);
        }
        return tile;
    }

    private static int sizeMultiple(TensorSpec in) {
        int m = 1;
        for (AxisSpec a : in.spaceAxes())
            m = Math.max(m, a.fixed() ? a.size() : a.step());
        return Math.max(1, m);
    }

    private static List<RandomAccessibleInterval<FloatType>> slices(RandomAccessibleInterval<? extends RealType<?>> image) {
        List<RandomAccessibleInterval<FloatType>> out = new ArrayList<>();
        for (long z = 0; z < image.dimension(2); z++)
            out.add(copy(Views.hyperSlice(image, 2, z)));
        return out;
    }

    private static <T> List<RandomAccessibleInterval<T>> slicesOf(RandomAccessibleInterval<T> image) {
        List<RandomAccessibleInterval<T>> out = new ArrayList<>();
        for (long z = 0; z < image.dimension(2); z++)
            out.add(Views.hyperSlice(image, 2, z));
        return out;
    }

    private static Img<FloatType> copy(RandomAccessibleInterval<? extends RealType<?>> src) {
        long[] dims = src.dimensionsAsLongArray();
        Img<FloatType> out = ArrayImgs.floats(dims);
        Cursor<? extends RealType<?>> s = Views.flatIterable(src).cursor();
        for (FloatType t : out)
            t.set(s.next().getRealFloat());
        return out;
    }
}
