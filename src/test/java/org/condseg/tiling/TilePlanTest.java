package org.condseg.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.util.Intervals;

class TilePlanTest {

    private static long[] xStarts(TilePlan plan) {
        return plan.tiles().stream().filter(t -> t.numDimensions() < 2 || t.min(1) == plan.image().min(1))
                .mapToLong(t -> t.min(0) - plan.image().min(0)).toArray();
    }

    @Test
    void startsFor100WideTile32Overlap50() {
        TilePlan plan = TilePlan.create(new FinalInterval(100), new long[] {32}, 0.5, 1);
        assertArrayEquals(new long[] {0, 16, 32, 48, 64, 68}, xStarts(plan));
        assertArrayEquals(new long[] {32}, plan.tileSize());
    }

    @Test
    void startsForOtherOverlaps() {
        assertArrayEquals(new long[] {0, 32, 64, 68}, TilePlan.starts(100, 32, 0));
        assertArrayEquals(new long[] {0, 24, 48, 68}, TilePlan.starts(100, 32, 0.25));
        assertArrayEquals(new long[] {0, 32}, TilePlan.starts(64, 32, 0));
        assertArrayEquals(new long[] {0, 16, 32}, TilePlan.starts(64, 32, 0.5));
        assertArrayEquals(new long[] {0}, TilePlan.starts(32, 32, 0.5));
        assertArrayEquals(new long[] {0}, TilePlan.starts(5, 8, 0.5));
        assertArrayEquals(new long[] {0, 1, 2}, TilePlan.starts(6, 4, 0.99)); // step never below 1
    }

    @Test
    void javadocExample() {
        TilePlan plan = TilePlan.create(new FinalInterval(100, 20), new long[] {32, 32}, 0.5, 16);
        assertArrayEquals(new long[] {32, 32}, plan.tileSize());
        assertEquals(6, plan.tiles().size());
        assertArrayEquals(new long[] {0, 16, 32, 48, 64, 68}, xStarts(plan));
        assertEquals(Intervals.createMinSize(68, 0, 32, 32), plan.tiles().get(5));
    }

    @Test
    void effectiveTileSize() {
        // requested size rounded up to the multiple
        assertArrayEquals(new long[] {24, 32}, TilePlan.create(new FinalInterval(100, 100), new long[] {20, 32}, 0, 8).tileSize());
        // no bigger than the image rounded up to the multiple
        assertArrayEquals(new long[] {16, 8}, TilePlan.create(new FinalInterval(10, 8), new long[] {32, 32}, 0, 8).tileSize());
        assertArrayEquals(new long[] {10, 3}, TilePlan.create(new FinalInterval(10, 3), new long[] {32, 32}, 0, 1).tileSize());
        assertArrayEquals(new long[] {4, 4, 4}, TilePlan.create(new FinalInterval(23, 17, 1), new long[] {3, 4, 8}, 0.5, 4).tileSize());
    }

    @Test
    void tilesStartAtTheImageMinimum() {
        Interval image = Intervals.createMinSize(5, -3, 7, 23, 17, 11);
        TilePlan plan = TilePlan.create(image, new long[] {8, 8, 8}, 0.25, 4);
        assertEquals(Intervals.createMinSize(5, -3, 7, 8, 8, 8), plan.tiles().get(0));
        assertEquals(Intervals.createMinSize(5 + 23 - 8, -3 + 17 - 8, 7 + 11 - 8, 8, 8, 8), plan.tiles().get(plan.tiles().size() - 1));
        // x varies fastest
        assertEquals(Intervals.createMinSize(11, -3, 7, 8, 8, 8), plan.tiles().get(1));
    }

    @Test
    void smallImageGetsOnePaddedTile() {
        Interval image = Intervals.createMinSize(5, -3, 37, 29);
        TilePlan plan = TilePlan.create(image, new long[] {64, 64}, 0.5, 16);
        assertEquals(List.of(Intervals.createMinSize(5, -3, 48, 32)), plan.tiles());
    }

    @Test
    void tilesCoverEveryVoxelAndStayInsideWhenTheyFit() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            int n = 1 + random.nextInt(3);
            long[] min = new long[n];
            long[] size = new long[n];
            long[] tile = new long[n];
            for (int d = 0; d < n; d++) {
                min[d] = random.nextInt(21) - 10;
                size[d] = 1 + random.nextInt(40);
                tile[d] = 1 + random.nextInt(24);
            }
            double overlap = random.nextInt(4) / 4.0;
            int multiple = 1 + random.nextInt(8);
            Interval image = Intervals.createMinSize(concat(min, size));
            TilePlan plan = TilePlan.create(image, tile, overlap, multiple);
            long[] effective = plan.tileSize();
            int[] cover = new int[(int) Intervals.numElements(image)];
            for (Interval t : plan.tiles()) {
                assertArrayEquals(effective, t.dimensionsAsLongArray());
                for (int d = 0; d < n; d++) {
                    assertEquals(0, effective[d] % multiple, plan::toString);
                    if (effective[d] <= size[d]) {
                        assertTrue(t.min(d) >= image.min(d) && t.max(d) <= image.max(d), plan::toString);
                    } else {
                        assertEquals(image.min(d), t.min(d), plan::toString);
                        assertTrue(effective[d] - size[d] < multiple, plan::toString);
                    }
                }
                markCovered(image, Intervals.intersect(t, image), cover);
            }
            for (int c : cover)
                assertTrue(c > 0, plan::toString);
            assertEquals(plan.tiles().size(), new HashSet<>(plan.tiles()).size(), plan::toString);
        }
    }

    private static void markCovered(Interval image, Interval part, int[] cover) {
        int n = image.numDimensions();
        long[] pos = part.minAsLongArray();
        while (true) {
            long index = 0;
            for (int d = n - 1; d >= 0; d--)
                index = index * image.dimension(d) + pos[d] - image.min(d);
            cover[(int) index]++;
            int d = 0;
            for (; d < n; d++) {
                if (++pos[d] <= part.max(d))
                    break;
                pos[d] = part.min(d);
            }
            if (d == n)
                return;
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] c = new long[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void isImmutable() {
        TilePlan plan = TilePlan.create(new FinalInterval(40, 40), new long[] {16, 16}, 0.5, 1);
        plan.tileSize()[0] = 3;
        assertArrayEquals(new long[] {16, 16}, plan.tileSize());
        assertThrows(UnsupportedOperationException.class, () -> plan.tiles().clear());
        long[] requested = {16, 16};
        TilePlan other = TilePlan.create(new FinalInterval(40, 40), requested, 0.5, 1);
        requested[0] = 1;
        assertArrayEquals(new long[] {16, 16}, other.tileSize());
    }

    @Test
    void invalidArgumentsNameTheValues() {
        FinalInterval image = new FinalInterval(40, 30);
        assertMessage("[0, 16]", () -> TilePlan.create(image, new long[] {0, 16}, 0.5, 1));
        assertMessage("[16, -4]", () -> TilePlan.create(image, new long[] {16, -4}, 0.5, 1));
        assertMessage("1.0", () -> TilePlan.create(image, new long[] {16, 16}, 1.0, 1));
        assertMessage("-0.1", () -> TilePlan.create(image, new long[] {16, 16}, -0.1, 1));
        assertMessage("NaN", () -> TilePlan.create(image, new long[] {16, 16}, Double.NaN, 1));
        assertMessage("0", () -> TilePlan.create(image, new long[] {16, 16}, 0.5, 0));
        assertMessage("[16, 16, 16]", () -> TilePlan.create(image, new long[] {16, 16, 16}, 0.5, 1));
        assertMessage("null", () -> TilePlan.create(null, new long[] {16, 16}, 0.5, 1));
        assertMessage("null", () -> TilePlan.create(image, null, 0.5, 1));
        assertMessage("empty", () -> TilePlan.create(new FinalInterval(0, 5), new long[] {16, 16}, 0.5, 1));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
