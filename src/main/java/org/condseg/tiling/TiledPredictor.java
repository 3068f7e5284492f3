package org.condseg.tiling;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

/**
 * Runs a network over an image tile by tile and stitches the tile outputs with Gaussian weights,
 * in 2D or 3D, as nnU-Net does.
 * <p>
 * The tiles come from a {@link TilePlan}; each is copied, mirror-padded where it reaches past the
 * image, into one reused {@code float[]} of shape {@code {C, (Z,) Y, X}}. Each output voxel is the
 * average of the tile outputs covering it, weighted by a Gaussian centred on each tile with
 * {@code sigma = tile / 8} per axis (see nnU-Net's {@code compute_gaussian}). Memory: one float
 * per voxel for each output channel plus one for the weights. A predictor holds only its settings,
 * so one instance may run several predictions, also at the same time.
 *
 * <pre>{@code
 * TiledPredictor predictor = new TiledPredictor(new long[] {128, 128, 64}, 0.5, 16);
 * predictor.predict(List.of(image), (input, shape) -> network.run(input, shape),
 *         List.of(foreground, background), TileListener.NONE, () -> false);
 * }</pre>
 */
public final class TiledPredictor {

    private final long[] tileSize;
    private final double overlap;
    private final int sizeMultiple;
    private final long[] halo;

    /**
     * @param tileSize the requested tile size, imglib2 order {@code {x, y}} or {@code {x, y, z}}, each &gt; 0
     * @param overlap the fraction of a tile shared with its neighbour, 0 &le; overlap &lt; 1
     * @param sizeMultiple what each tile size must be a multiple of (the network's downsampling), &ge; 1
     * @throws IllegalArgumentException if a value is out of range
     */
    public TiledPredictor(long[] tileSize, double overlap, int sizeMultiple) {
        this(tileSize, overlap, sizeMultiple, new long[tileSize == null ? 0 : tileSize.length]);
    }

    /**
     * A predictor that crops a halo from each tile's output before stitching: the {@code halo[d]} voxels at
     * each end of a tile along axis {@code d} get weight 0. Every voxel must lie inside some tile's
     * cropped region: the caller pads the image by the halo (and crops the result), and the overlap must be
     * at least {@code 2 * halo / tile} on each axis.
     *
     * @param halo the halo per axis, imglib2 order, each &ge; 0 and less than half the tile
     * @throws IllegalArgumentException if a value is out of range
     */
    public TiledPredictor(long[] tileSize, double overlap, int sizeMultiple, long[] halo) {
        TilePlan.checkSettings(tileSize, overlap, sizeMultiple);
        if (tileSize.length != 2 && tileSize.length != 3)
            throw new IllegalArgumentException("tileSize must have 2 or 3 dimensions, got " + Arrays.toString(tileSize));
        if (halo == null || halo.length != tileSize.length)
            throw new IllegalArgumentException("halo " + Arrays.toString(halo) + " must have one value per axis of " + Arrays.toString(tileSize));
        for (int d = 0; d < halo.length; d++)
            if (halo[d] < 0 || 2 * halo[d] >= tileSize[d] || halo[d] > 0 && overlap < 2.0 * halo[d] / tileSize[d])
                throw new IllegalArgumentException("halo " + Arrays.toString(halo) + " must be >= 0, under half the tile "
                        + Arrays.toString(tileSize) + ", and the overlap " + overlap + " at least 2 * halo / tile");
        this.tileSize = tileSize.clone();
        this.overlap = overlap;
        this.sizeMultiple = sizeMultiple;
        this.halo = halo.clone();
    }

    /**
     * Runs {@code fn} over the tiles of the channel images and writes the Gaussian-weighted average
     * of the tile outputs into {@code outputs}. The outputs are written only after the last tile,
     * so a cancelled or failed run leaves them as they were.
     *
     * @param channels the input channels, all with the same 2D or 3D interval (imglib2 order x, y, (z)), which may have a non-zero minimum
     * @param fn the network over one tile; it must return {@code outputs.size()} channels
     * @param outputs one image per output channel, each with the interval of the channels
     * @param listener told after each tile
     * @param cancelled checked before each tile
     * @throws CancellationException when {@code cancelled} turns true
     * @throws IllegalArgumentException if the images do not fit together or {@code fn} returns the wrong number of values
     * @throws Exception whatever {@code fn} throws, unchanged
     */
    public void predict(List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels, TileFunction fn,
            List<? extends RandomAccessibleInterval<FloatType>> outputs,
            TileListener listener, BooleanSupplier cancelled) throws Exception {
        checkArguments(channels, fn, outputs, listener, cancelled);
        Interval image = channels.get(0);
        TilePlan plan = TilePlan.create(image, tileSize, overlap, sizeMultiple);
        long[] tile = plan.tileSize();
        long tileVoxels = Intervals.numElements(tile);
        int inputLength = checkedLength(channels.size(), tileVoxels, tile);
        int outputLength = checkedLength(outputs.size(), tileVoxels, tile);
        long[] shape = tensorShape(channels.size(), tile);

        float[] weights = GaussianWeights.of(tile);
        cropHalo(weights, tile);
        float[] input = new float[inputLength];
        TileReader reader = new TileReader(channels, tile);
        WeightedSum sum = new WeightedSum(image, outputs.size());
        List<Interval> tiles = plan.tiles();
        for (int i = 0; i < tiles.size(); i++) {
            if (cancelled.getAsBoolean())
                throw new CancellationException("cancelled after " + i + " of " + tiles.size() + " tiles");
            reader.read(tiles.get(i), input);
            float[] output = fn.apply(input, shape.clone());
            if (output == null || output.length != outputLength)
                throw new IllegalArgumentException("the tile function returned "
                        + (output == null ? "null" : output.length + " values") + " for a tile of shape "
                        + Arrays.toString(shape) + "; expected " + outputs.size() + " channels x " + tileVoxels
                        + " voxels = " + outputLength);
            sum.add(tiles.get(i), output, weights);
            listener.tileDone(i + 1, tiles.size());
        }
        sum.writeTo(outputs);
    }

    /** Sets the weights within {@code halo} of a tile's faces to 0; tiles are never smaller than twice the halo. */
    private void cropHalo(float[] weights, long[] tile) {
        if (Arrays.stream(halo).allMatch(h -> h == 0))
            return;
        for (int d = 0; d < tile.length; d++)
            if (2 * halo[d] >= tile[d])
                throw new IllegalArgumentException("tile " + Arrays.toString(tile) + " is too small for halo " + Arrays.toString(halo));
        int[] index = new int[tile.length];
        for (int i = 0; i < weights.length; i++) {
            for (int d = 0; d < tile.length; d++)
                if (index[d] < halo[d] || index[d] >= tile[d] - halo[d])
                    weights[i] = 0;
            for (int d = 0; d < tile.length && ++index[d] == tile[d]; d++)
                index[d] = 0;
        }
    }

    private void checkArguments(List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels, TileFunction fn,
            List<? extends RandomAccessibleInterval<FloatType>> outputs, TileListener listener, BooleanSupplier cancelled) {
        if (channels == null || fn == null || outputs == null || listener == null || cancelled == null)
            throw new IllegalArgumentException("no argument may be null, got channels = " + channels + ", fn = " + fn
                    + ", outputs = " + outputs + ", listener = " + listener + ", cancelled = " + cancelled);
        if (channels.isEmpty() || outputs.isEmpty())
            throw new IllegalArgumentException("need at least one input and one output channel, got "
                    + channels.size() + " inputs and " + outputs.size() + " outputs");
        Interval image = channels.get(0);
        if (image.numDimensions() != tileSize.length)
            throw new IllegalArgumentException("the images have " + image.numDimensions() + " dimensions "
                    + Intervals.toString(image) + ", the tile size " + Arrays.toString(tileSize) + " has " + tileSize.length);
        checkSameInterval("channel", channels, image);
        checkSameInterval("output", outputs, image);
    }

    private static void checkSameInterval(String what, List<? extends Interval> images, Interval image) {
        for (int i = 0; i < images.size(); i++)
            if (images.get(i) == null || !Intervals.equals(images.get(i), image))
                throw new IllegalArgumentException(what + " " + i + " has interval "
                        + (images.get(i) == null ? null : Intervals.toString(images.get(i)))
                        + ", channel 0 has " + Intervals.toString(image));
    }

    private static int checkedLength(int channels, long tileVoxels, long[] tile) {
        long length = channels * tileVoxels;
        if (length > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException(channels + " channels of tile " + Arrays.toString(tile)
                    + " need " + length + " floats, more than one array can hold");
        return (int) length;
    }

    /** @return {@code {C, (Z,) Y, X}} for a tile in imglib2 order {@code {x, y, (z)}} */
    private static long[] tensorShape(int channels, long[] tile) {
        long[] shape = new long[tile.length + 1];
        shape[0] = channels;
        for (int d = 0; d < tile.length; d++)
            shape[tile.length - d] = tile[d];
        return shape;
    }

    /** @return the requested tile size, imglib2 order */
    public long[] tileSize() {
        return tileSize.clone();
    }

    /** @return the overlap between neighbouring tiles */
    public double overlap() {
        return overlap;
    }

    /** @return what each tile size is a multiple of */
    public int sizeMultiple() {
        return sizeMultiple;
    }
}
