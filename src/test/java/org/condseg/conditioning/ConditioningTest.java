package org.condseg.conditioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

class ConditioningTest {

    private static final int[] GRID = {128, 128};

    @Test
    void oneClickGivesANativeWindowCentredOnIt() {
        CropWindow w = WindowPlanner.around(List.of(Click.positive(50, 70, 0)), null, Conditioning.Window.DEFAULT, GRID);
        assertArrayEquals(new double[] {50.5 - 64, 70.5 - 64}, w.left(), 1e-12);
        assertArrayEquals(new double[] {128, 128}, w.size(), 1e-12);
        // the click sits at the grid centre, and mapping back and forth is exact
        assertEquals(63.5, w.modelCoordinate(0, 50), 1e-12);
        assertEquals(50, w.imageIndex(0, w.modelCoordinate(0, 50)), 1e-12);
    }

    @Test
    void aBoxWindowIsTheBoxEnlarged() {
        CropWindow w = WindowPlanner.around(new Box(10, 20, 40, 16, 0, 1), Conditioning.Window.DEFAULT, GRID);
        assertArrayEquals(new double[] {1.25 * 40 + 4, 1.25 * 16 + 4}, w.size(), 1e-12);
        assertEquals(30, w.left()[0] + w.size()[0] / 2, 1e-12);
        assertEquals(28, w.left()[1] + w.size()[1] / 2, 1e-12);
    }

    @Test
    void manyClicksWidenTheWindow() {
        List<Click> clicks = List.of(Click.positive(0, 0, 0), Click.positive(200, 100, 0), Click.negative(500, 500, 0));
        CropWindow w = WindowPlanner.around(clicks, null, Conditioning.Window.DEFAULT, GRID);
        assertEquals(1.5 * 200 + 16, w.size()[0], 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> WindowPlanner.around(List.of(Click.negative(1, 1, 0)), null, Conditioning.Window.DEFAULT, GRID));
    }

    /** The click zoom's second window, by hand: a square on the mask's box joined with the clicks. */
    @Test
    void aSmallMaskIsLookedAtAgainThroughAZoomedWindow() {
        Conditioning.ClickZoom z = new Conditioning.ClickZoom(0.25, 1.5, 16, 32, false);
        List<Click> clicks = List.of(Click.positive(50, 70, 0), Click.negative(90, 90, 0));
        CropWindow first = WindowPlanner.around(clicks, null, Conditioning.Window.DEFAULT, GRID); // 128 px
        // a 6 x 4 px mask [48, 54) x [68, 72): 6 < 0.25 * 128; side max(32, 1.5 * 6 + 16) = 32 around (51, 70)
        CropWindow w = WindowPlanner.zoom(new long[] {48, 68, 53, 71}, clicks, z, first, GRID);
        assertArrayEquals(new double[] {35, 54}, w.left(), 1e-12);
        assertArrayEquals(new double[] {32, 32}, w.size(), 1e-12);
        assertArrayEquals(GRID, w.grid());
        // a 20 px mask [10, 30) x [60, 72) with the click at 50.5: extent 40.5, side 1.5 * 40.5 + 16 = 76.75
        w = WindowPlanner.zoom(new long[] {10, 60, 29, 71}, clicks, z, first, GRID);
        assertArrayEquals(new double[] {76.75, 76.75}, w.size(), 1e-12);
        assertArrayEquals(new double[] {30.25 - 38.375, 66 - 38.375}, w.left(), 1e-12);
        // an empty mask: the fixed window around the positive click
        w = WindowPlanner.zoom(null, clicks, z, first, GRID);
        assertArrayEquals(new double[] {50.5 - 16, 70.5 - 16}, w.left(), 1e-12);
        assertArrayEquals(new double[] {32, 32}, w.size(), 1e-12);
        // not small (32 px = 0.25 * 128): no zoom
        assertNull(WindowPlanner.zoom(new long[] {40, 60, 71, 75}, clicks, z, first, GRID));
        // a zoomed square no smaller than the first window: no zoom
        assertNull(WindowPlanner.zoom(new long[] {48, 68, 53, 71}, clicks, new Conditioning.ClickZoom(0.25, 1.5, 16, 128, false),
                first, GRID));
        assertThrows(IllegalArgumentException.class, () -> new Conditioning.ClickZoom(0, 1.5, 16, 32, false));
        assertThrows(IllegalArgumentException.class, () -> new Conditioning.ClickZoom(0.25, Double.NaN, 16, 32, false));
        assertThrows(IllegalArgumentException.class, () -> new Conditioning.ClickZoom(0.25, 1.5, -1, 32, false));
        assertThrows(IllegalArgumentException.class, () -> new Conditioning.ClickZoom(0.25, 1.5, 16, 0.5, false));
    }

    @Test
    void sampleThenBackProjectReturnsASmoothImage() {
        Img<FloatType> img = ArrayImgs.floats(90, 70);
        int i = 0;
        for (FloatType t : img) {
            int x = i % 90, y = i / 90;
            t.set(2 * x + 3 * y);
            i++;
        }
        CropWindow w = new CropWindow(new double[] {10.3, 5.1}, new double[] {64, 48}, new int[] {32, 24});
        float[] grid = Resampler.sample(img, w);
        // a linear ramp is reproduced exactly by bilinear sampling
        assertEquals(2 * w.imageIndex(0, 3) + 3 * w.imageIndex(1, 4), grid[4 * 32 + 3], 1e-4);
        Resampler.Region back = Resampler.backProject(grid, w, 90, 70);
        assertEquals(Math.max(0, w.firstPixel(0)), back.x0());
        assertEquals(2 * 30 + 3 * 30, back.get(30, 30), 1e-3);
    }

    @Test
    void clampsOutsideTheImage() {
        Img<FloatType> img = ArrayImgs.floats(new float[] {1, 2, 3, 4}, 2, 2);
        CropWindow w = new CropWindow(new double[] {-10, -10}, new double[] {4, 4}, new int[] {4, 4});
        float[] grid = Resampler.sample(img, w);
        for (float v : grid)
            assertEquals(1, v, 1e-6);
    }

    @Test
    void clickMapsPeakAtTheClickAndCombineByMaximum() {
        CropWindow w = WindowPlanner.around(List.of(Click.positive(50, 70, 0)), null, Conditioning.Window.DEFAULT, GRID);
        float[] ch = new float[128 * 128];
        ConditionEncoder.clicks(ch, w, List.of(Click.positive(50, 70, 0), Click.positive(53, 70, 0), Click.negative(60, 60, 0)), true, 3.0);
        // model coordinate of x=50 is 63.5: halfway between grid pixels 63 and 64
        double expected = Math.exp(-(0.25 + 0.25) / 18.0);
        assertEquals(expected, ch[63 * 128 + 63], 1e-6);
        float max = 0;
        for (float v : ch)
            max = Math.max(max, v);
        assertTrue(max <= 1);
        assertEquals(0, ch[(int) Math.round(w.modelCoordinate(1, 60)) * 128 + (int) Math.round(w.modelCoordinate(0, 60))], 1e-3);
    }

    @Test
    void boxChannelCoversTheBoxPixels() {
        Box box = new Box(10, 20, 40, 16, 0, 1);
        CropWindow w = WindowPlanner.around(box, Conditioning.Window.DEFAULT, GRID);
        float[] ch = new float[128 * 128];
        ConditionEncoder.box(ch, w, box);
        int on = 0;
        for (float v : ch)
            on += v > 0 ? 1 : 0;
        // the box is 1/1.25+ of the window in each axis: about (128*40/54)*(128*16/24) grid pixels
        double expected = (128.0 * 40 / 54) * (128.0 * 16 / 24);
        assertEquals(expected, on, expected * 0.05);
        assertEquals(1, ch[64 * 128 + 64]);
        assertEquals(0, ch[0]);
    }

    @Test
    void normaliserClipsAndStandardises() {
        Random r = new Random(3);
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++)
            v[i] = (float) r.nextGaussian() * 5 + 100;
        v[0] = 1e6f;
        Normalizer.clipAndStandardise(v, 0.5, 99.5);
        double sum = 0, ss = 0;
        for (float x : v) {
            sum += x;
            ss += x * x;
        }
        assertEquals(0, sum / v.length, 1e-4);
        assertEquals(1, ss / v.length, 1e-3);
        assertTrue(v[0] < 4, "the outlier is clipped: " + v[0]);
    }

    @Test
    void decoderKeepsTheClickedComponentInsideTheBox() {
        // two blobs: left (x 0..3) and right (x 6..9), rows 0..4
        float[] p = new float[10 * 5];
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 10; x++)
                p[y * 10 + x] = (x <= 3 || x >= 6) ? 0.9f : 0.1f;
        Resampler.Region r = new Resampler.Region(100, 200, 10, 5, p);
        boolean[] right = MaskDecoder.decode(r, 0.5, null, List.of(Click.positive(107, 202, 0)), null, 1000, org.condseg.model.Keep.PROMPTED_COMPONENT);
        assertTrue(right[2 * 10 + 7]);
        assertFalse(right[2 * 10 + 1]);
        // with no click on a component, the largest is kept; a box clips
        boolean[] clipped = MaskDecoder.decode(r, 0.5, new Box(100, 200, 3, 5, 0, 1), List.of(), null, 1000, org.condseg.model.Keep.PROMPTED_COMPONENT);
        assertTrue(clipped[0]);
        assertFalse(clipped[3]);
        assertFalse(clipped[7]);
        boolean[] all = MaskDecoder.decode(r, 0.5, null, List.of(), null, 1000, org.condseg.model.Keep.ALL);
        assertTrue(all[1] && all[8]);
    }

    @Test
    void selectFindsTheOrderStatisticsASortWould() {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(300);
            float[] v = new float[n];
            for (int i = 0; i < n; i++)
                v[i] = r.nextInt(5) == 0 ? 7f : (float) r.nextGaussian(); // ties included
            float[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            int k = r.nextInt(n);
            assertEquals(sorted[k], Normalizer.select(v.clone(), k), 0f);
        }
    }

    @Test
    void smallestFindsTailOrderStatisticsASortWouldAndLeavesItsInputAlone() {
        Random r = new Random(12);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + r.nextInt(trial < 200 ? 300 : 40000);
            float[] v = new float[n];
            int kind = trial % 4; // Gaussian, many ties, a constant background, a sorted ramp
            for (int i = 0; i < n; i++)
                v[i] = switch (kind) {
                    case 0 -> (float) r.nextGaussian();
                    case 1 -> r.nextInt(7);
                    case 2 -> r.nextInt(10) == 0 ? (float) r.nextGaussian() : 0f;
                    default -> i;
                };
            float[] copy = v.clone(), sorted = v.clone();
            java.util.Arrays.sort(sorted);
            int k = switch (trial % 3) {
                case 0 -> (int) Math.floor(0.005 * (n - 1));
                case 1 -> r.nextInt(n);
                default -> Math.min(n - 1, r.nextInt(1 + n / 20));
            };
            assertEquals(sorted[k], Normalizer.smallest(v, k), 0f, "trial " + trial + " n " + n + " k " + k);
            assertArrayEquals(copy, v, 0f);
        }
    }
}
