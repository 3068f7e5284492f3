package org.condseg.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The distance transform and opening/closing, against brute force and on drawn answers. */
class MorphologyTest {

    @Test
    void distanceTransformEqualsBruteForceOnAnisotropicGrids() {
        Random rnd = new Random(8);
        for (int trial = 0; trial < 30; trial++) {
            int w = 1 + rnd.nextInt(9), h = 1 + rnd.nextInt(8), d = 1 + rnd.nextInt(5);
            double[] sp = {0.3 + rnd.nextDouble(), 0.3 + rnd.nextDouble(), 0.3 + 3 * rnd.nextDouble()};
            boolean[] f = new boolean[w * h * d];
            for (int i = 0; i < f.length; i++)
                f[i] = rnd.nextDouble() < 0.15;
            double[] fast = DistanceTransform.squared(f, w, h, d, sp);
            for (int i = 0; i < f.length; i++) {
                double best = DistanceTransform.FAR;
                for (int j = 0; j < f.length; j++)
                    if (f[j])
                        best = Math.min(best, sq((i % w - j % w) * sp[0]) + sq((i / w % h - j / w % h) * sp[1])
                                + sq((i / (w * h) - j / (w * h)) * sp[2]));
                assertEquals(best, fast[i], 1e-9 * (1 + best), "voxel " + i + " of " + w + "×" + h + "×" + d);
            }
        }
        assertArrayEquals(new double[] {0, 4, 16, 36, 64},
                DistanceTransform.squared(new boolean[] {true, false, false, false, false}, 5, 1, 1, new double[] {2, 1, 1}));
    }

    @Test
    void erosionAndDilationEqualBruteForceWithTheEllipsoid() {
        Random rnd = new Random(81);
        for (int trial = 0; trial < 25; trial++) {
            int w = 3 + rnd.nextInt(10), h = 3 + rnd.nextInt(10), d = 1 + rnd.nextInt(5);
            double[] sp = {0.5 + rnd.nextDouble(), 0.5 + rnd.nextDouble(), 0.5 + 3 * rnd.nextDouble()};
            double r = 0.5 + 2.5 * rnd.nextDouble();
            boolean[] in = new boolean[w * h * d];
            for (int i = 0; i < in.length; i++)
                in[i] = rnd.nextDouble() < 0.6;
            double rr = r * r * (1 + 1e-9);
            boolean[] eroded = Morphology.erode(in, w, h, d, sp, rr), dilated = Morphology.dilate(in, w, h, d, sp, rr);
            int rx = (int) (r / sp[0]), ry = (int) (r / sp[1]), rz = (int) (r / sp[2]);
            for (int z = 0; z < d; z++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        boolean all = true, any = false;
                        for (int dz = -rz; dz <= rz; dz++)
                            for (int dy = -ry; dy <= ry; dy++)
                                for (int dx = -rx; dx <= rx; dx++) {
                                    if (sq(dx * sp[0]) + sq(dy * sp[1]) + sq(dz * sp[2]) > r * r)
                                        continue;
                                    int xx = x + dx, yy = y + dy, zz = z + dz;
                                    if (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d)
                                        continue; // outside counts as the object for erosion, adds nothing to dilation
                                    boolean v = in[xx + w * (yy + h * zz)];
                                    all &= v;
                                    any |= v;
                                }
                        int i = x + w * (y + h * z);
                        assertEquals(all && in[i], eroded[i], "erosion at " + x + "," + y + "," + z);
                        assertEquals(any, dilated[i], "dilation at " + x + "," + y + "," + z);
                    }
        }
    }

    @Test
    void openingRemovesSpursAndSpecksAndKeepsTheBody() {
        LabelGrid g = Grids.parse("""
                .............
                .11111.......
                .111111111111
                .11111.......
                .11111......2
                .11111.......
                .............
                """);
        // a radius of 1.5 px: the 3 × 3 square (a radius of 1 px would be the cross, which cuts corners)
        Morphology.parse(false, "1.5px").apply(g, RefineContext.NONE);
        assertEquals("""
                .............
                .11111.......
                .11111.......
                .11111.......
                .11111.......
                .11111.......
                .............
                """, Grids.text(g), "the spur and the speck of label 2 are thinner than the element");
    }

    @Test
    void closingFillsGapsButNotBetweenLabels() {
        LabelGrid g = Grids.parse("""
                ..........
                .111.111..
                .111.111..
                .111.111..
                ..........
                .22.......
                .22.......
                """);
        Morphology.parse(true, "1.5px").apply(g, RefineContext.NONE);
        assertEquals("""
                ..........
                .1111111..
                .1111111..
                .1111111..
                ..........
                .22.......
                .22.......
                """, Grids.text(g));
        LabelGrid two = Grids.parse("""
                11.22
                11.22
                """);
        Morphology.parse(true, "1.5px").apply(two, RefineContext.NONE);
        assertEquals("11.22\n11.22\n", Grids.text(two), "a gap both labels' closings reach stays background");
    }

    @Test
    void radiiInMillimetresFollowTheSpacingOfEachAxis() {
        // 0.5 mm in x, 2 mm in y: a radius of 1 mm is 2 voxels across x and none across y (a horizontal segment)
        LabelGrid g = Grids.empty(21, 9, 1, 0.5, 2, 1);
        for (int y = 2; y <= 6; y++)
            for (int x = 3; x <= 17; x++)
                g.set(g.index(x, y, 0), 1);
        LabelGrid expected = Grids.copy(g);
        g.set(g.index(10, 1, 0), 1); // a bump 0.5 mm wide goes
        g.set(g.index(10, 0, 0), 1);
        for (int x = 6; x <= 12; x++)
            expected.set(expected.index(x, 8, 0), 1); // a row 3.5 mm long and 2 mm high stays
        for (int x = 6; x <= 12; x++)
            g.set(g.index(x, 8, 0), 1);
        Morphology.parse(false, "1mm").apply(g, RefineContext.NONE);
        assertEquals(Grids.text(expected), Grids.text(g));
        LabelGrid micrometres = Grids.copy(expected);
        Morphology.parse(false, "1000um").apply(micrometres, RefineContext.NONE);
        assertEquals(Grids.text(expected), Grids.text(micrometres));
    }

    @Test
    void openingIn3dKeepsABallAndRemovesAThinPlate() {
        // 1 × 1 × 2 mm voxels: a 7 mm ball; a radius of 1.5 mm is 1.5 voxels in-plane and none across slices
        LabelGrid g = Grids.empty(24, 24, 12, 1, 1, 2);
        Grids.ellipsoid(g, 3, 11, 11, 6, 7, 7, 3.5);
        LabelGrid ball = Grids.copy(g);
        for (int z = 0; z < 12; z++)
            for (int x = 0; x < 24; x++)
                g.set(g.index(x, 20, z), 3); // a plate 1 mm thick across y
        Morphology.parse(false, "1.5mm").apply(g, RefineContext.NONE);
        assertTrue(Grids.dice(g, ball) > 0.97, "dice " + Grids.dice(g, ball));
        assertEquals(0, g.get(g.index(0, 20, 5)), "the plate is gone");
        LabelGrid slab = Grids.empty(8, 8, 9, 1, 1, 2);
        for (int z = 3; z <= 5; z++)
            for (int i = 0; i < 64; i++)
                slab.set(i + 64 * z, 1); // 6 mm thick across z
        LabelGrid kept = Grids.copy(slab);
        Morphology.parse(false, "2.5mm").apply(slab, RefineContext.NONE);
        assertEquals(Grids.text(kept), Grids.text(slab), "5 mm across z fits in a 6 mm slab");
        Morphology.parse(false, "4mm").apply(slab, RefineContext.NONE);
        assertEquals(1, slab.histogram().length, "8 mm does not");
    }

    @Test
    void badRadiiAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Morphology.parse(false, null));
        assertThrows(IllegalArgumentException.class, () -> Morphology.parse(false, "2mm2"));
        assertThrows(IllegalArgumentException.class, () -> Morphology.parse(true, "1.5"));
        LabelGrid uncalibrated = Grids.parse("11\n11");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Morphology.parse(false, "1mm").apply(uncalibrated, RefineContext.NONE));
        assertTrue(e.getMessage().contains("open:1mm") && e.getMessage().contains("px"), e.getMessage());
    }

    private static double sq(double v) {
        return v * v;
    }
}
