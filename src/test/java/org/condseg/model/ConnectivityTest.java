package org.condseg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The one flood fill: faces against full connectivity in 2D and 3D, worked out by hand. */
class ConnectivityTest {

    /** 4 × 3, x fastest: two pixels touching at a corner, and one alone. */
    static final boolean[] DIAGONAL = {
        true, false, false, true,
        false, true, false, false,
        false, false, false, false};

    @Test
    void cornersJoinOnlyWithFullConnectivity() {
        int[] comp = new int[12];
        assertArrayEquals(new int[] {0, 1, 1, 1}, Connectivity.FACE.label(DIAGONAL, comp, new int[] {4, 3}));
        assertArrayEquals(new int[] {1, 0, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0}, comp);
        comp = new int[12];
        assertArrayEquals(new int[] {0, 2, 1}, Connectivity.FULL.label(DIAGONAL, comp, new int[] {4, 3}));
        assertEquals(comp[0], comp[5]);
    }

    @Test
    void inThreeDimensionsSixAgainstTwentySix() {
        // 2 × 2 × 2: voxel (0,0,0) and (1,1,1) touch at a corner only
        boolean[] fg = new boolean[8];
        fg[0] = fg[7] = true;
        assertEquals(3, Connectivity.FACE.label(fg, new int[8], new int[] {2, 2, 2}).length);
        assertEquals(2, Connectivity.FULL.label(fg, new int[8], new int[] {2, 2, 2}).length);
        assertEquals(6, Connectivity.FACE.offsets(new int[] {5, 5, 5}, false).length);
        assertEquals(26, Connectivity.FULL.offsets(new int[] {5, 5, 5}, false).length);
        assertEquals(8, Connectivity.FULL.offsets(new int[] {5, 5, 5}, true).length);
    }

    @Test
    void aFloodNeverWrapsAroundARow() {
        // 3 × 2: (2,0) and (0,1) are consecutive indices but not neighbours
        boolean[] fg = {false, false, true, true, false, false};
        assertEquals(3, Connectivity.FULL.label(fg, new int[6], new int[] {3, 2}).length);
    }

    @Test
    void theModelNamesItByItsNeighbours() {
        assertEquals(Connectivity.FACE, Connectivity.of(4));
        assertEquals(Connectivity.FULL, Connectivity.of(26));
        assertThrows(IllegalArgumentException.class, () -> Connectivity.of(5));
    }
}
