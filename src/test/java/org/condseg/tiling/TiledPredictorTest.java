package org.condseg.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.Point;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.test.ImgLib2Assert;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

class TiledPredictorTest {

    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> layouts() {
        long[] origin2 = {0, 0};
        long[] shifted2 = {5, -3};
        long[] shifted3 = {5, -3, 7};
        long[] size2 = {37, 29};
        long[] size3 = {23, 17, 11};
        return Stream.of(
                Arguments.of(origin2, size2, new long[] {16, 16}, 0.0, 1),
                Arguments.of(origin2, size2, new long[] {16, 16}, 0.25, 1),
                Arguments.of(shifted2, size2, new long[] {16, 16}, 0.5, 1),
                Arguments.of(shifted2, size2, new long[] {10, 13}, 0.5, 8), // not multiples: 16 x 16
                Arguments.of(shifted2, size2, new long[] {64, 64}, 0.5, 16), // image smaller: 48 x 32
                Arguments.of(shifted2, size2, new long[] {64, 12}, 0.25, 8), // smaller in x only
                Arguments.of(origin2, new long[] {1, 29}, new long[] {16, 16}, 0.25, 4),
                Arguments.of(shifted2, new long[] {1, 1}, new long[] {4, 4}, 0.5, 4),
                Arguments.of(shifted3, size3, new long[] {8, 8, 4}, 0.0, 4),
                Arguments.of(shifted3, size3, new long[] {8, 8, 4}, 0.25, 4),
                Arguments.of(shifted3, size3, new long[] {8, 8, 4}, 0.5, 4),
                Arguments.of(shifted3, size3, new long[] {10, 6, 5}, 0.5, 4), // not multiples: 12 x 8 x 8
                Arguments.of(shifted3, size3, new long[] {32, 32, 32}, 0.5, 16), // image smaller: 32 x 32 x 16
                Arguments.of(origin2.clone(), new long[] {23, 17, 1}, new long[] {8, 8, 8}, 0.5, 4)); // one slice, z padded
    }

    @ParameterizedTest(name = "min {0}, size {1}, tile {2}, overlap {3}, multiple {4}")
    @MethodSource("layouts")
    void identityReturnsTheInput(long[] min, long[] size, long[] tile, double overlap, int multiple) throws Exception {
        long[] origin = min.length == size.length ? min : new long[size.length];
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(7), 2, origin, size);
        List<RandomAccessibleInterval<FloatType>> outputs = TestImages.filled(2, channels.get(0), Float.NaN);
        long[] expectedShape = TestImages.shape(2, TilePlan.create(channels.get(0), tile, overlap, multiple).tileSize());
        List<long[]> shapes = new ArrayList<>();
        TileFunction identity = (input, shape) -> {
            shapes.add(shape);
            assertEquals(Intervals.numElements(shape), input.length);
            return input;
        };
        new TiledPredictor(tile, overlap, multiple).predict(channels, identity, outputs, TileListener.NONE, () -> false);
        for (int c = 0; c < 2; c++)
            ImgLib2Assert.assertImageEqualsRealType(channels.get(c), outputs.get(c), TOLERANCE);
        assertEquals(TilePlan.create(channels.get(0), tile, overlap, multiple).tiles().size(), shapes.size());
        for (long[] shape : shapes)
            assertArrayEquals(expectedShape, shape);
    }

    @Test
    void identityPerChannelWithThreeChannels() throws Exception {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(1), 3, new long[] {5, -3, 7}, new long[] {23, 17, 11});
        List<RandomAccessibleInterval<FloatType>> outputs = TestImages.filled(3, channels.get(0), 0);
        new TiledPredictor(new long[] {8, 8, 8}, 0.5, 8).predict(channels, (in, shape) -> in, outputs, TileListener.NONE, () -> false);
        for (int c = 0; c < 3; c++)
            ImgLib2Assert.assertImageEqualsRealType(channels.get(c), outputs.get(c), TOLERANCE);
    }

    @Test
    void acceptsAnyRealTypeInput() throws Exception {
        Random random = new Random(3);
        RandomAccessibleInterval<UnsignedByteType> bytes = Views.translate(ArrayImgs.unsignedBytes(37, 29), 5, -3);
        Views.iterable(bytes).forEach(t -> t.set(random.nextInt(256)));
        List<RandomAccessibleInterval<FloatType>> outputs = TestImages.filled(1, bytes, 0);
        new TiledPredictor(new long[] {16, 16}, 0.5, 1).predict(List.of(bytes), (in, shape) -> in, outputs, TileListener.NONE, () -> false);
        ImgLib2Assert.assertImageEqualsRealType(bytes, outputs.get(0), 1e-3);
    }

    @ParameterizedTest(name = "min {0}, size {1}, tile {2}, overlap {3}, multiple {4}")
    @MethodSource("layouts")
    void pointwiseFunctionsEqualTheDirectResult(long[] min, long[] size, long[] tile, double overlap, int multiple) throws Exception {
        long[] origin = min.length == size.length ? min : new long[size.length];
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(11), 2, origin, size);
        TiledPredictor predictor = new TiledPredictor(tile, overlap, multiple);

        TileFunction affine = TestImages.perVoxel(2, (in, out) -> {
            out[0] = 2 * in[0] + 1;
            out[1] = 2 * in[1] + 1;
        });
        TileFunction sum = TestImages.perVoxel(1, (in, out) -> out[0] = in[0] + in[1]);
        TileFunction three = TestImages.perVoxel(3, (in, out) -> {
            out[0] = in[0] + in[1];
            out[1] = in[0] - in[1];
            out[2] = in[0] * in[1];
        });
        for (TileFunction fn : List.of(affine, sum, three)) {
            int count = fn == affine ? 2 : fn == sum ? 1 : 3;
            List<RandomAccessibleInterval<FloatType>> expected = TestImages.direct(channels, fn, count);
            List<RandomAccessibleInterval<FloatType>> outputs = TestImages.filled(count, channels.get(0), Float.NaN);
            predictor.predict(channels, fn, outputs, TileListener.NONE, () -> false);
            for (int c = 0; c < count; c++)
                ImgLib2Assert.assertImageEqualsRealType(expected.get(c), outputs.get(c), TOLERANCE);
        }
    }

    /** A tile function whose output is the position inside the tile: {@code x + y / 2 + z / 4}. */
    private static final TileFunction LOCAL_POSITION = (input, shape) -> {
        int n = shape.length - 1;
        long[] size = new long[n];
        for (int d = 0; d < n; d++)
            size[d] = shape[n - d];
        float[] out = new float[(int) Intervals.numElements(size)];
        for (int i = 0; i < out.length; i++) {
            long rest = i;
            double value = 0;
            for (int d = 0; d < n; d++) {
                value += (rest % size[d]) / (double) (1 << d);
                rest /= size[d];
            }
            out[i] = (float) value;
        }
        return out;
    };

    @Test
    void blendsWithGaussianWeights2D() throws Exception {
        checkBlending(new long[] {5, -3}, new long[] {37, 29}, new long[] {16, 16});
    }

    @Test
    void blendsWithGaussianWeights3D() throws Exception {
        checkBlending(new long[] {5, -3, 7}, new long[] {23, 17, 11}, new long[] {8, 8, 4});
    }

    /**
     * Each output voxel must be the Gaussian-weighted average of the tile outputs covering it,
     * computed here independently, so between their minimum and maximum, and not their plain mean.
     */
    private static void checkBlending(long[] min, long[] size, long[] tileSize) throws Exception {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(5), 1, min, size);
        List<RandomAccessibleInterval<FloatType>> outputs = TestImages.filled(1, channels.get(0), Float.NaN);
        new TiledPredictor(tileSize, 0.5, 1).predict(channels, LOCAL_POSITION, outputs, TileListener.NONE, () -> false);

        List<Interval> tiles = TilePlan.create(channels.get(0), tileSize, 0.5, 1).tiles();
        int n = size.length;
        RandomAccess<FloatType> result = outputs.get(0).randomAccess();
        boolean differsFromMean = false;
        for (long[] p : positions(channels.get(0))) {
            double weighted = 0, weights = 0, mean = 0, lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            int count = 0;
            for (Interval tile : tiles) {
                if (!Intervals.contains(tile, new Point(p)))
                    continue;
                double value = 0, exponent = 0;
                for (int d = 0; d < n; d++) {
                    long local = p[d] - tile.min(d);
                    value += local / (double) (1 << d);
                    double s = tile.dimension(d), centre = (s - 1) / 2, sigma = s / 8, nearest = s % 2 == 0 ? 0.5 : 0;
                    exponent += ((local - centre) * (local - centre) - nearest * nearest) / (sigma * sigma);
                }
                double w = Math.max(Math.exp(-exponent / 2), 1e-3);
                weighted += w * value;
                weights += w;
                mean += value;
                count++;
                lo = Math.min(lo, value);
                hi = Math.max(hi, value);
            }
            float actual = result.setPositionAndGet(p).get();
            assertTrue(actual >= lo - 1e-4 && actual <= hi + 1e-4, () -> Arrays.toString(p) + ": " + actual + " outside tile outputs");
            assertEquals(weighted / weights, actual, 1e-4, () -> "at " + Arrays.toString(p));
            differsFromMean |= Math.abs(actual - mean / count) > 0.5;
        }
        assertTrue(differsFromMean, "the Gaussian weights should differ from a plain mean somewhere");
    }

    private static List<long[]> positions(RandomAccessibleInterval<?> image) {
        List<long[]> positions = new ArrayList<>();
        Cursor<?> cursor = Views.flatIterable(image).localizingCursor();
        while (cursor.hasNext()) {
            cursor.fwd();
            positions.add(cursor.positionAsLongArray());
        }
        return positions;
    }

    @Test
    void cancellingAfterTwoTilesStopsAndLeavesTheOutputs() {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(9), 1, new long[] {0, 0}, new long[] {64, 64});
        List<RandomAccessibleInterval<FloatType>> outputs = TestImages.filled(1, channels.get(0), -1);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        List<String> events = new ArrayList<>();
        TileListener listener = (d, total) -> {
            events.add(d + "/" + total);
            done.set(d);
        };
        TileFunction fn = (in, shape) -> {
            calls.incrementAndGet();
            return in;
        };
        assertThrows(CancellationException.class, () -> new TiledPredictor(new long[] {16, 16}, 0.5, 1)
                .predict(channels, fn, outputs, listener, () -> done.get() >= 2));
        assertEquals(List.of("1/49", "2/49"), events);
        assertEquals(2, calls.get());
        for (FloatType t : Views.iterable(outputs.get(0)))
            assertEquals(-1, t.get());
    }

    @Test
    void listenerHearsEveryTile() throws Exception {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(9), 1, new long[] {3, 3}, new long[] {40, 20});
        List<String> events = new ArrayList<>();
        new TiledPredictor(new long[] {16, 16}, 0.5, 1).predict(channels, (in, shape) -> in,
                TestImages.filled(1, channels.get(0), 0), (d, total) -> events.add(d + "/" + total), () -> false);
        // x starts 0, 8, 16, 24; y starts 0, 4
        assertEquals(List.of("1/8", "2/8", "3/8", "4/8", "5/8", "6/8", "7/8", "8/8"), events);
    }

    @Test
    void exceptionsFromTheFunctionPassUnchanged() {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(9), 1, new long[] {0, 0}, new long[] {40, 40});
        List<RandomAccessibleInterval<FloatType>> outputs = TestImages.filled(1, channels.get(0), 0);
        TiledPredictor predictor = new TiledPredictor(new long[] {16, 16}, 0.5, 1);
        for (Exception thrown : List.of(new Exception("checked"), new IllegalStateException("unchecked"), new InterruptedException())) {
            Exception caught = assertThrows(Exception.class,
                    () -> predictor.predict(channels, (in, shape) -> { throw thrown; }, outputs, TileListener.NONE, () -> false));
            assertSame(thrown, caught);
        }
    }

    @Test
    void wrongOutputSizeIsReported() {
        List<RandomAccessibleInterval<FloatType>> channels = TestImages.random(new Random(9), 2, new long[] {0, 0}, new long[] {40, 40});
        List<RandomAccessibleInterval<FloatType>> outputs = TestImages.filled(1, channels.get(0), 0);
        TiledPredictor predictor = new TiledPredictor(new long[] {16, 16}, 0.5, 1);
        // identity returns two channels, one is expected
        assertMessage("512 values", () -> predictor.predict(channels, (in, shape) -> in, outputs, TileListener.NONE, () -> false));
        assertMessage("null", () -> predictor.predict(channels, (in, shape) -> null, outputs, TileListener.NONE, () -> false));
    }

    @Test
    void invalidArgumentsNameTheValues() {
        assertMessage("[16]", () -> new TiledPredictor(new long[] {16}, 0.5, 1));
        assertMessage("[16, 16, 16, 16]", () -> new TiledPredictor(new long[] {16, 16, 16, 16}, 0.5, 1));
        assertMessage("[16, 0]", () -> new TiledPredictor(new long[] {16, 0}, 0.5, 1));
        assertMessage("1.5", () -> new TiledPredictor(new long[] {16, 16}, 1.5, 1));
        assertMessage("-1", () -> new TiledPredictor(new long[] {16, 16}, 0.5, -1));

        TiledPredictor predictor = new TiledPredictor(new long[] {16, 16}, 0.5, 1);
        TileFunction identity = (in, shape) -> in;
        Random random = new Random(2);
        RandomAccessibleInterval<FloatType> a = TestImages.random(random, new long[] {0, 0}, new long[] {20, 10});
        RandomAccessibleInterval<FloatType> shifted = TestImages.random(random, new long[] {1, 0}, new long[] {20, 10});
        RandomAccessibleInterval<FloatType> volume = TestImages.random(random, new long[] {0, 0, 0}, new long[] {20, 10, 5});
        List<RandomAccessibleInterval<FloatType>> out = TestImages.filled(1, a, 0);
        assertMessage("(1, 0) -- (20, 9)", () -> predictor.predict(List.of(a, shifted), identity, TestImages.filled(2, a, 0), TileListener.NONE, () -> false));
        assertMessage("output 0", () -> predictor.predict(List.of(a), identity, List.of(shifted), TileListener.NONE, () -> false));
        assertMessage("3 dimensions", () -> predictor.predict(List.of(volume), identity, TestImages.filled(1, volume, 0), TileListener.NONE, () -> false));
        assertMessage("0 inputs", () -> predictor.predict(List.of(), identity, out, TileListener.NONE, () -> false));
        assertMessage("0 outputs", () -> predictor.predict(List.of(a), identity, List.of(), TileListener.NONE, () -> false));
        assertMessage("fn = null", () -> predictor.predict(List.of(a), null, out, TileListener.NONE, () -> false));
        assertMessage("cancelled = null", () -> predictor.predict(List.of(a), identity, out, TileListener.NONE, null));
    }

    private static void assertMessage(String expected, Executable call) {
        try {
            call.execute();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
            return;
        } catch (Throwable t) {
            fail("expected IllegalArgumentException, got " + t, t);
        }
        fail("expected IllegalArgumentException containing '" + expected + "'");
    }
}
