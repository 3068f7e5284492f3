package org.condseg.segment;

import java.util.ArrayList;
import java.util.Arrays;
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
import net.imglib2.Interval;
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
        long[] tile = tileSize(in, dims, request.options().tile());
        int multiple = sizeMultiple(in);
        double overlap = request.options().overlap() >= 0 ? request.options().overlap() : spec.conditioning().overlap();
        TensorSpec outSpec = spec.output();
        Layout inLayout, outLayout;
        try {
            inLayout = new Layout(in, dims);
            outLayout = new Layout(outSpec, dims);
        } catch (IllegalArgumentException e) {
            throw new InputException(spec.folder(), "cannot be run over images: " + e.getMessage());
        }
        int outChannels = outSpec.channels();
        checkOutputGrid(inLayout, outLayout, channels.size(), outChannels, tile);
        long[] halo = outLayout.imageValues(AxisSpec::halo, dims);
        for (int k = 0; k < dims; k++)
            if (halo[k] > 0) {
                if (2 * halo[k] >= tile[k])
                    throw new InputException(spec.folder(), "output halo " + halo[k] + " leaves nothing of a tile of " + tile[k]);
                overlap = Math.max(overlap, 2.0 * halo[k] / tile[k]);
            }
        if (overlap >= 1)
            throw new InputException(spec.folder(), "tiles of " + Arrays.toString(tile) + " are too small for the output halo "
                    + Arrays.toString(halo));
        TiledPredictor predictor = new TiledPredictor(tile, overlap, multiple, halo);

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
            for (List<RandomAccessibleInterval<FloatType>> c : perChannel)
                input.add(c.get(b));
            try {
                Preprocessor.apply(in, input); // statistics of the whole image (2D: of the slice), as the steps say
            } catch (IllegalArgumentException e) {
                throw new InputException(spec.folder(), "preprocessing: " + e.getMessage());
            }
            List<RandomAccessibleInterval<FloatType>> padded = new ArrayList<>();
            for (var c : input)
                padded.add(padded(c, halo));
            Interval region = padded.get(0);
            List<RandomAccessibleInterval<FloatType>> outs = new ArrayList<>();
            for (int c = 0; c < outChannels; c++)
                outs.add(Views.translate(ArrayImgs.floats(region.dimensionsAsLongArray()), region.minAsLongArray()));
            final int blockIndex = b;
            try {
                predictor.predict(padded, (data, shape) -> runTile(inLayout, outLayout, data, shape), outs,
                        (done, total) -> progress.update("tiles", (long) blockIndex * total + done, (long) blocks.size() * total),
                        cancelled);
            } catch (RunException | java.util.concurrent.CancellationException e) {
                throw e;
            } catch (Exception e) {
                throw new RunException(spec.id(), e.getMessage(), e);
            }
            List<RandomAccessibleInterval<FloatType>> cropped = new ArrayList<>();
            for (var o : outs)
                cropped.add(Views.interval(o, input.get(0)));
            Decoder.decode(cropped, spec.conditioning().threshold(), labelBlocks.get(b), probBlocks.get(b));
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tile", tile);
        run.put("overlap", overlap);
        run.put("blend", "gaussian");
        if (Arrays.stream(halo).anyMatch(x -> x > 0))
            run.put("halo", halo);
        return new SegmentResult(labels, prob, Provenance.of(spec, request, run));
    }

    /** The image mirror-padded by {@code halo} on each side, so that every pixel lies inside some tile's cropped region. */
    private static RandomAccessibleInterval<FloatType> padded(RandomAccessibleInterval<FloatType> image, long[] halo) {
        if (Arrays.stream(halo).allMatch(x -> x == 0))
            return image;
        long[] min = image.minAsLongArray(), max = image.maxAsLongArray();
        for (int k = 0; k < halo.length; k++) {
            min[k] -= halo[k];
            max[k] += halo[k];
        }
        return Views.interval(Views.extendMirrorSingle(image), min, max);
    }

    /** Refuses models whose output is not on the input's grid (other than channels): CondSeg stitches outputs pixel for pixel. */
    private void checkOutputGrid(Layout inLayout, Layout outLayout, int inChannels, int outChannels, long[] tile) throws InputException {
        long[] inShape = inLayout.shape(inChannels, tile);
        long[] declared = spec.outputShape(spec.output(), List.of(inShape));
        long[] onGrid = outLayout.shape(outChannels, tile);
        for (int k = 0; k < declared.length; k++)
            if (declared[k] >= 0 && declared[k] != onGrid[k])
                throw new InputException(spec.folder(), "output " + spec.output().id() + " has shape " + Arrays.toString(declared)
                        + " for an input tile of " + Arrays.toString(inShape) + "; CondSeg segments with models whose output"
                        + " lies on the input's grid (" + Arrays.toString(onGrid) + ")");
    }

    private float[] runTile(Layout inLayout, Layout outLayout, float[] data, long[] shape) throws RunException {
        int dims = shape.length - 1, channels = (int) shape[0];
        long[] size = new long[dims];
        for (int k = 0; k < dims; k++)
            size[k] = shape[dims - k];
        Tensor input = new Tensor(spec.input().id(), inLayout.shape(channels, size), inLayout.toModel(data, channels, size));
        Tensor out = network.run(List.of(input)).get(0);
        int outChannels = spec.output().channels();
        long[] expected = outLayout.shape(outChannels, size);
        if (!Arrays.equals(out.shape(), expected))
            throw new RunException(spec.id(), "the model returned shape " + out.shapeText() + " for a tile of shape " + input.shapeText()
                    + "; expected " + Arrays.toString(expected), null);
        float[] v;
        try {
            v = Preprocessor.post(spec.output(), out.data(), out.shape(), spec.input(), input);
        } catch (IllegalArgumentException e) {
            throw new RunException(spec.id(), "postprocessing: " + e.getMessage(), e);
        }
        return outLayout.fromModel(v, outChannels, size);
    }

    /** The tile size (x, y[, z]): asked ({@code --tile}, its length checked by {@link Segmenter}) or the model's. */
    private long[] tileSize(TensorSpec in, int dims, int[] asked) {
        List<AxisSpec> space = in.spaceAxes();
        int[] wanted = asked != null ? asked : spec.conditioning().tile();
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
