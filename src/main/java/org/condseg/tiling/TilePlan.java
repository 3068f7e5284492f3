package org.condseg.tiling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.util.Intervals;

/**
 * Where the tiles of a sliding window go, over an n-dimensional image.
 * <p>
 * The effective tile size along an axis is the requested size rounded up to a multiple of
 * {@code sizeMultiple}, but no bigger than the image size rounded up to that multiple. Along each
 * axis the tiles start at {@code 0, step, 2 step, ...} relative to the image minimum, with
 * {@code step = max(1, floor(tile * (1 - overlap)))}, and the last start is moved back to
 * {@code imageSize - tile} so that the last tile ends at the image edge. Where the image is
 * smaller than the tile, there is one tile, starting at the image minimum and reaching past the
 * image (the part outside is padding). Tiles are listed with x varying fastest.
 *
 * <pre>{@code
 * TilePlan plan = TilePlan.create(new FinalInterval(100, 20), new long[] {32, 32}, 0.5, 16);
 * plan.tileSize(); // {32, 32}: 20 rounded up to 32
 * plan.tiles();    // x starts 0, 16, 32, 48, 64, 68; y start 0: six tiles
 * }</pre>
 */
public final class TilePlan {

    private final FinalInterval image;
    private final long[] tileSize;
    private final List<Interval> tiles;

    private TilePlan(FinalInterval image, long[] tileSize, List<Interval> tiles) {
        this.image = image;
        this.tileSize = tileSize;
        this.tiles = tiles;
    }

    /**
     * Plans the tiles over {@code image}.
     *
     * @param image the image interval; it may have a non-zero minimum
     * @param tileSize the requested tile size per axis, each &gt; 0
     * @param overlap the fraction of a tile shared with its neighbour, 0 &le; overlap &lt; 1
     * @param sizeMultiple what each tile size must be a multiple of, &ge; 1
     * @return the plan
     * @throws IllegalArgumentException if a value is out of range or the dimensions differ
     */
    public static TilePlan create(Interval image, long[] tileSize, double overlap, int sizeMultiple) {
        if (image == null || tileSize == null)
            throw new IllegalArgumentException("image and tileSize must not be null, got image = "
                    + (image == null ? null : Intervals.toString(image)) + ", tileSize = " + Arrays.toString(tileSize));
        checkSettings(tileSize, overlap, sizeMultiple);
        int n = image.numDimensions();
        if (tileSize.length != n)
            throw new IllegalArgumentException("tileSize " + Arrays.toString(tileSize) + " has " + tileSize.length
                    + " dimensions, the image " + Intervals.toString(image) + " has " + n);
        long[] imageSize = image.dimensionsAsLongArray();
        for (long s : imageSize)
            if (s <= 0)
                throw new IllegalArgumentException("image " + Intervals.toString(image) + " is empty");
        long[] tile = new long[n];
        long[][] starts = new long[n][];
        for (int d = 0; d < n; d++) {
            tile[d] = Math.min(roundUp(tileSize[d], sizeMultiple), roundUp(imageSize[d], sizeMultiple));
            starts[d] = starts(imageSize[d], tile[d], overlap);
        }
        return new TilePlan(new FinalInterval(image), tile, layOut(image.minAsLongArray(), tile, starts));
    }

    /**
     * Checks the settings shared by a plan and a predictor.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    static void checkSettings(long[] tileSize, double overlap, int sizeMultiple) {
        if (tileSize == null || tileSize.length == 0)
            throw new IllegalArgumentException("tileSize must have at least one dimension, got " + Arrays.toString(tileSize));
        for (long s : tileSize)
            if (s <= 0)
                throw new IllegalArgumentException("tileSize must be > 0 on every axis, got " + Arrays.toString(tileSize));
        if (!(overlap >= 0 && overlap < 1))
            throw new IllegalArgumentException("overlap must be in [0, 1), got " + overlap);
        if (sizeMultiple < 1)
            throw new IllegalArgumentException("sizeMultiple must be >= 1, got " + sizeMultiple);
    }

    /** The tile starts along one axis, relative to the image minimum. */
    static long[] starts(long imageSize, long tile, double overlap) {
        if (tile >= imageSize)
            return new long[] {0};
        long step = Math.max(1, (long) Math.floor(tile * (1 - overlap)));
        long count = (imageSize - tile + step - 1) / step; // starts s with s + tile < imageSize
        long[] starts = new long[Math.toIntExact(count + 1)];
        for (int i = 0; i < count; i++)
            starts[i] = i * step;
        starts[starts.length - 1] = imageSize - tile;
        return starts;
    }

    private static long roundUp(long value, long multiple) {
        return Math.multiplyExact((value + multiple - 1) / multiple, multiple);
    }

    private static List<Interval> layOut(long[] imageMin, long[] tile, long[][] starts) {
        int n = tile.length;
        long total = 1;
        for (long[] s : starts)
            total = Math.multiplyExact(total, s.length);
        List<Interval> tiles = new ArrayList<>(Math.toIntExact(total));
        int[] index = new int[n];
        long[] min = new long[n];
        for (long t = 0; t < total; t++) {
            for (int d = 0; d < n; d++)
                min[d] = imageMin[d] + starts[d][index[d]];
            tiles.add(FinalInterval.createMinSize(min.clone(), tile));
            for (int d = 0; d < n && ++index[d] == starts[d].length; d++)
                index[d] = 0;
        }
        return Collections.unmodifiableList(tiles);
    }

    /** @return the tiles in image coordinates, x varying fastest; unmodifiable */
    public List<Interval> tiles() {
        return tiles;
    }

    /** @return the effective tile size, the same for every tile */
    public long[] tileSize() {
        return tileSize.clone();
    }

    /** @return the image interval the plan covers */
    public Interval image() {
        return image;
    }

    @Override
    public String toString() {
        return "TilePlan[image " + Intervals.toString(image) + ", tile " + Arrays.toString(tileSize)
                + ", " + tiles.size() + " tiles]";
    }
}
