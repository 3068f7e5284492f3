package org.condseg.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** fill-holes, largest and min-size on tiny hand-drawn grids whose answer is drawn beside them. */
class LabelStepsTest {

    private static String run(RefineStep step, LabelGrid g) {
        step.apply(g, RefineContext.NONE);
        return Grids.text(g);
    }

    @Test
    void fillsAHoleEnclosedByOneLabelOnly() {
        LabelGrid g = Grids.parse("""
                ........
                .1111...
                .1..1.22
                .1111.2.
                ......22
                """);
        assertEquals("""
                ........
                .1111...
                .1111.22
                .1111.2.
                ......22
                """, run(new FillHoles(false), g), "the hole inside 1 fills; the gap of 2 touches the border and stays");
    }

    @Test
    void aHoleBetweenTwoLabelsStaysAndDiagonalGapsDoNotLeak() {
        LabelGrid g = Grids.parse("""
                .......
                .11122.
                .1..22.
                .11122.
                .......
                """);
        assertEquals(Grids.text(Grids.parse("""
                .......
                .11122.
                .1..22.
                .11122.
                .......
                """)), run(new FillHoles(false), g));
        LabelGrid diagonal = Grids.parse("""
                ......
                ..1...
                .1.1..
                ..1...
                ......
                """);
        assertEquals("""
                ......
                ..1...
                .111..
                ..1...
                ......
                """, run(new FillHoles(false), diagonal), "background connects through faces only: a diamond of corners encloses");
    }

    @Test
    void fillsHolesIn3dButNotATubeUnlessSliceBySlice() {
        String tube = """
                .....
                .111.
                .1.1.
                .111.
                .....

                .....
                .111.
                .1.1.
                .111.
                .....

                .....
                .111.
                .1.1.
                .111.
                .....
                """;
        LabelGrid g = Grids.parse(tube);
        run(new FillHoles(false), g);
        assertEquals(0, g.get(g.index(2, 2, 1)), "the tube is open at both ends: no 3D hole");
        LabelGrid s = Grids.parse(tube);
        run(new FillHoles(true), s);
        for (int z = 0; z < 3; z++)
            assertEquals(1, s.get(s.index(2, 2, z)), "slice by slice the lumen is a hole");
        LabelGrid closed = Grids.parse("""
                .....
                .111.
                .111.
                .111.
                .....

                .....
                .111.
                .1.1.
                .111.
                .....

                .....
                .111.
                .111.
                .111.
                .....
                """);
        run(new FillHoles(false), closed);
        assertEquals(1, closed.get(closed.index(2, 2, 1)), "a cavity closed on all sides fills in 3D");
    }

    @Test
    void keepsTheLargestComponentOfEachLabel() {
        LabelGrid g = Grids.parse("""
                11..111.2
                11..111.2
                ....111..
                .3....222
                .........
                """);
        assertEquals("""
                ....111..
                ....111..
                ....111..
                .3....222
                .........
                """, run(new KeepLargest(), g));
        LabelGrid tie = Grids.parse("""
                22.22
                """);
        assertEquals("22...\n", run(new KeepLargest(), tie), "of equal components the first stays");
    }

    @Test
    void largestConnectsThroughCorners() {
        LabelGrid g = Grids.parse("""
                1....
                .1...
                ..1..
                ....1
                """);
        assertEquals("""
                1....
                .1...
                ..1..
                .....
                """, run(new KeepLargest(), g));
    }

    @Test
    void minSizeCountsVoxelsAreasAndVolumesInCalibratedUnits() {
        String drawing = """
                11...222
                11...222
                .........
                3........
                """.replace(".........", "........");
        // 0.5 × 0.5 mm pixels: label 1 is 1 mm², label 2 1.5 mm², label 3 0.25 mm²
        LabelGrid g = Grids.parse(drawing, 0.5, 0.5, 1);
        run(MinSize.parse("1.2mm2"), g);
        assertEquals("""
                .....222
                .....222
                ........
                ........
                """, Grids.text(g));
        LabelGrid px = Grids.parse(drawing);
        run(MinSize.parse("4px"), px);
        assertEquals("""
                11...222
                11...222
                ........
                ........
                """, Grids.text(px), "4 voxels is not under 4");
        LabelGrid um = Grids.parse(drawing, 0.5, 0.5, 1);
        run(MinSize.parse("1000000um2"), um);
        assertEquals(0, um.get(um.index(0, 3, 0)), "µm² convert: 1 mm² = 10⁶ µm²");
        assertEquals(1, um.get(um.index(0, 0, 0)));
    }

    @Test
    void minSizeVolumesNeedAVolumeAndACalibration() {
        LabelGrid flat = Grids.parse("11\n11", 0.5, 0.5, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(MinSize.parse("20mm3"), flat));
        assertTrue(e.getMessage().contains("2D"), e.getMessage());
        LabelGrid uncalibrated = Grids.parse("11\n11");
        e = assertThrows(IllegalArgumentException.class, () -> run(MinSize.parse("2mm2"), uncalibrated));
        assertTrue(e.getMessage().contains("px"), e.getMessage());
        // 2 × 2 × 2 voxels of 1 × 1 × 2.5 mm = 20 mm³: stays at 20mm3, goes at 21mm3
        LabelGrid cube = Grids.parse("11\n11\n\n11\n11", 1, 1, 2.5);
        run(MinSize.parse("20mm3"), cube);
        assertEquals(8, cube.histogram()[1]);
        run(MinSize.parse("0.021ml"), cube);
        assertEquals(1, cube.histogram().length, "0.021 ml = 21 mm³: the cube goes");
    }
}
