package org.condseg.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/** The input tiles, padding included, are what {@code Views.extendMirrorSingle} gives. */
class TileReaderTest {

    @Test
    void mirrorMatchesExtendMirrorSingle() {
        for (int size = 2; size <= 6; size++) {
            RandomAccessibleInterval<FloatType> line = TestImages.random(new Random(size), new long[] {0}, new long[] {size});
            RandomAccessible<FloatType> mirrored = Views.extendMirrorSingle(line);
            for (long offset = -20; offset <= 20; offset++) {
                long m = TileReader.mirror(offset, size);
                assertEquals(mirrored.getAt(offset).get(), line.getAt(m).get(), "size " + size + ", offset " + offset);
            }
        }
        assertEquals(1, TileReader.mirror(-1, 5));
        assertEquals(3, TileReader.mirror(5, 5));
        for (long offset = -5; offset <= 5; offset++)
            assertEquals(0, TileReader.mirror(offset, 1));
    }

    @Test
    void tileBeyondASmallImageIsMirrored2D() throws Exception {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(4), 2, new long[] {2, -1}, new long[] {5, 3});
        List<Interval> tiles = checkInputs(channels, new long[] {8, 8}, 0.5, 8);
        assertEquals(List.of(Intervals.createMinSize(2, -1, 8, 8)), tiles);
    }

    @Test
    void tilesPaddedAlongOneAxisOnlyAreMirrored() throws Exception {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(4), 1, new long[] {-4, 3}, new long[] {40, 5});
        assertEquals(4, checkInputs(channels, new long[] {16, 16}, 0.5, 8).size());
    }

    @Test
    void tileBeyondASmallVolumeIsMirrored3D() throws Exception {
        // padding of 6 or 7 voxels on axes of 2 and 3 voxels wraps around several times
        checkInputs(TestImages.random(new Random(4), 2, new long[] {5, -3, 7}, new long[] {3, 2, 2}), new long[] {8, 8, 8}, 0, 8);
    }

    @Test
    void singleSliceIsRepeatedAlongZ() throws Exception {
        RandomAccessibleInterval<FloatType> volume = TestImages.random(new Random(4), new long[] {0, 0, 2}, new long[] {6, 5, 1});
        RandomAccessible<FloatType> slice = Views.extendMirrorSingle(Views.hyperSlice(volume, 2, 2));
        List<float[]> inputs = new ArrayList<>();
        new TiledPredictor(new long[] {4, 4, 4}, 0.5, 4).predict(List.of(volume), (in, shape) -> {
            inputs.add(in.clone());
            return in;
        }, TestImages.filled(1, volume, 0), TileListener.NONE, () -> false);
        List<Interval> tiles = TilePlan.create(volume, new long[] {4, 4, 4}, 0.5, 4).tiles();
        assertEquals(tiles.size(), inputs.size());
        for (int t = 0; t < tiles.size(); t++) {
            Interval tile = tiles.get(t);
            assertEquals(2, tile.min(2));
            assertEquals(4, tile.dimension(2));
            float[] plane = values(List.of(slice), new FinalInterval(new long[] {tile.min(0), tile.min(1)}, new long[] {tile.max(0), tile.max(1)}));
            for (int z = 0; z < 4; z++) {
                float[] actual = new float[plane.length];
                System.arraycopy(inputs.get(t), z * plane.length, actual, 0, plane.length);
                assertArrayEquals(plane, actual, "tile " + t + ", z " + z);
            }
        }
    }

    @Test
    void readerFillsTheBufferChannelAfterChannel() {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(8), 3, new long[] {-2, 4}, new long[] {7, 6});
        Interval tile = Intervals.createMinSize(-4, 1, 12, 10);
        float[] buffer = new float[3 * 120];
        new TileReader(channels, new long[] {12, 10}).read(tile, buffer);
        assertArrayEquals(values(mirrored(channels), tile), buffer);
    }

    /**
     * Runs a predictor whose function records its inputs, checks each against the mirror-extended
     * channels over its tile, and returns the tiles.
     */
    private static List<Interval> checkInputs(List<RandomAccessibleInterval<FloatType>> channels, long[] tileSize,
            double overlap, int multiple) throws Exception {
        List<float[]> inputs = new ArrayList<>();
        new TiledPredictor(tileSize, overlap, multiple).predict(channels, (in, shape) -> {
            inputs.add(in.clone());
            return in;
        }, TestImages.filled(channels.size(), channels.get(0), 0), TileListener.NONE, () -> false);
        List<Interval> tiles = TilePlan.create(channels.get(0), tileSize, overlap, multiple).tiles();
        assertEquals(tiles.size(), inputs.size());
        for (int t = 0; t < tiles.size(); t++)
            assertArrayEquals(values(mirrored(channels), tiles.get(t)), inputs.get(t), "tile " + tiles.get(t));
        return tiles;
    }

    private static List<RandomAccessible<FloatType>> mirrored(List<RandomAccessibleInterval<FloatType>> channels) {
        List<RandomAccessible<FloatType>> mirrored = new ArrayList<>();
        for (RandomAccessibleInterval<FloatType> channel : channels)
            mirrored.add(Views.extendMirrorSingle(channel));
        return mirrored;
    }

    /** The values over {@code interval}, channel after channel, x fastest. */
    private static float[] values(List<RandomAccessible<FloatType>> channels, Interval interval) {
        int voxels = (int) Intervals.numElements(interval);
        float[] values = new float[channels.size() * voxels];
        int k = 0;
        for (RandomAccessible<FloatType> channel : channels)
            for (FloatType t : Views.flatIterable(Views.interval(channel, interval)))
                values[k++] = t.get();
        return values;
    }
}
