package org.condseg.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;

/** The protocol's parts on hand-made masks whose answers are worked out in the comments. */
class PromptProtocolPartsTest {

    /** A w × h mask with the rectangle [x, x + rw) × [y, y + rh) set. */
    static PlaneMask rect(int w, int h, int x, int y, int rw, int rh) {
        boolean[] px = new boolean[w * h];
        for (int j = y; j < y + rh; j++)
            for (int i = x; i < x + rw; i++)
                px[j * w + i] = true;
        return new PlaneMask(0, 0, w, h, px);
    }

    static PlaneMask or(PlaneMask a, PlaneMask b) {
        boolean[] px = a.pixels().clone();
        for (int i = 0; i < px.length; i++)
            px[i] |= b.pixels()[i];
        return new PlaneMask(0, 0, a.width(), a.height(), px);
    }

    @Test
    void interiorPointIsTheDistanceMaximumFirstInRowOrder() {
        // a 5×5 square at (3, 4): its centre (5, 6) is 3 px from the outside, every other pixel less
        assertArrayEquals(new int[] {5, 6}, rect(12, 12, 3, 4, 5, 5).interiorPoint());
        // a 4×2 bar at (1, 1): every pixel is 1 px from the outside; the first in row order wins
        assertArrayEquals(new int[] {1, 1}, rect(8, 8, 1, 1, 4, 2).interiorPoint());
        // the image's edge counts as outside: a 6×3 block in the corner has its maximum on row 1, at x 1
        // (distance 2 to the left edge's outside and 2 to the bottom, more than 1 on row 0)
        assertArrayEquals(new int[] {1, 1}, rect(6, 6, 0, 0, 6, 3).interiorPoint());
        assertThrows(IllegalStateException.class, () -> PlaneMask.empty(4, 4).interiorPoint());
    }

    @Test
    void nextClickGoesToTheLargestErrorRegion() {
        PlaneMask truth = rect(40, 30, 5, 5, 20, 10);
        // predicted: the left half only; the missed right half (10×10 at x 15) is the only error: positive at its centre
        Click c = NextClick.after(truth, rect(40, 30, 5, 5, 10, 10), 0).orElseThrow();
        assertEquals(Click.positive(19, 9, 0), c); // 10 wide: columns 15..24, the first maximum is column 19; rows 5..14 → 9
        // predicted: the truth, a 2×2 miss, and a 7×7 leak at (30, 18): negative at the leak's centre (33, 21)
        PlaneMask withHole = truth.minus(rect(40, 30, 6, 6, 2, 2));
        c = NextClick.after(truth, or(withHole, rect(40, 30, 30, 18, 7, 7)), 2).orElseThrow();
        assertEquals(Click.negative(33, 21, 2), c);
        assertEquals(Optional.empty(), NextClick.after(truth, truth, 0));
        assertEquals(Click.positive(9, 9, 0), NextClick.first(truth, 0)); // 5 px from the outside from x 9 on; the first in row order
    }

    @Test
    void baselinesWorkedOutByHand() {
        // 4×4 box: pixel centres at ±0.5 and ±1.5 from the centre, semi-axes 2: the 4 corners fall out (0.5625 · 2 > 1)
        PlaneMask square = rect(10, 10, 2, 3, 4, 4);
        PlaneMask ellipse = Baselines.ellipse(new Box(2, 3, 4, 4, 0, 1), 10, 10);
        assertEquals(12, ellipse.area());
        assertFalse(ellipse.get(2, 3));
        assertTrue(ellipse.get(3, 3));
        assertEquals(24.0 / 28, ellipse.dice(square), 1e-12);
        // 9×9 square: its inscribed ellipse holds dx² + dy² ≤ 20.25 over offsets -4..4: 9 + 18 + 18 + 14 + 10 = 69 pixels
        PlaneMask nine = rect(20, 20, 5, 5, 9, 9);
        assertEquals(2.0 * 69 / (69 + 81), Baselines.ellipse(nine.tightBox(0), 20, 20).dice(nine), 1e-12);
        // its equivalent radius sqrt(81 / π) = 5.08: a disc of 81 pixels, 77 of them in the square
        double r = Baselines.medianRadius(List.of(81L));
        assertEquals(5.0777, r, 1e-4);
        PlaneMask disc = Baselines.disc(Click.positive(9, 9, 0), r, 20, 20);
        assertEquals(81, disc.area());
        assertEquals(2.0 * 77 / 162, disc.dice(nine), 1e-12);
        // a disc of radius 1 is a plus of 5 pixels, cut by the image's edge
        assertEquals(5, Baselines.disc(Click.positive(5, 5, 0), 1, 10, 10).area());
        assertEquals(3, Baselines.disc(Click.positive(0, 0, 0), 1, 10, 10).area());
        // median of the radii 2, 3, 10 is 3; of 1 and 2, 1.5
        assertEquals(3, Baselines.medianRadius(List.of(Math.round(Math.PI * 4 * 1e6), Math.round(Math.PI * 9 * 1e6),
                Math.round(Math.PI * 100 * 1e6))) / 1e3, 1e-6);
        assertEquals(1.5, Baselines.medianRadius(List.of(Math.round(Math.PI * 1e6), Math.round(Math.PI * 4 * 1e6))) / 1e3, 1e-6);
    }

    @Test
    void eachLabelIsOneObjectOnItsLargestSlice() {
        var labels = ArrayImgs.unsignedBytes(6, 5, 3);
        var ra = labels.randomAccess();
        // label 2: 3 pixels on slice 0, 5 on slice 2; label 7: 1 pixel on slice 1 and 1 on slice 2 (tie: slice 1)
        int[][] set = {{0, 0, 0, 2}, {1, 0, 0, 2}, {2, 0, 0, 2}, {0, 1, 2, 2}, {1, 1, 2, 2}, {2, 1, 2, 2}, {3, 1, 2, 2},
                {4, 1, 2, 2}, {5, 4, 1, 7}, {5, 3, 2, 7}};
        for (int[] s : set) {
            ra.setPosition(new long[] {s[0], s[1], s[2]});
            ra.get().set(s[3]);
        }
        List<LabelledObject> objects = LabelledObject.all(labels);
        assertEquals(2, objects.size());
        assertEquals(2, objects.get(0).label());
        assertEquals(2, objects.get(0).slice());
        assertEquals(5, objects.get(0).truth().area());
        assertEquals(7, objects.get(1).label());
        assertEquals(1, objects.get(1).slice());
        assertTrue(objects.get(1).truth().get(5, 4));
        var bad = ArrayImgs.floats(new float[] {0, 1.5f}, 2, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> LabelledObject.all(bad));
    }

    @Test
    void traceCountsInteractions() {
        PlaneMask t = rect(10, 10, 2, 2, 3, 3);
        ObjectTrace trace = new ObjectTrace("a", 1, 0, 9, t.tightBox(0), Click.positive(3, 3, 0), new double[] {0.5, 0.86, 0.95, 0.97, 0.97},
                4, 20, 0.8, t.cropped(), 10, 10);
        assertEquals(2, trace.clicksTo(0.85));
        assertEquals(3, trace.clicksTo(0.90));
        assertEquals(20, trace.clicksTo(0.99));
        assertEquals(0.97, trace.diceAfter(12)); // stopped early: the last value carries on
        ObjectTrace capped = new ObjectTrace("a", 1, 0, 9, t.tightBox(0), Click.positive(3, 3, 0), new double[] {0.5, 0.6, 0.7}, 3, 3,
                0.8, t.cropped(), 10, 10);
        assertTrue(Double.isNaN(capped.diceAfter(5)));
        assertEquals(3, capped.clicksTo(0.85));
    }
}
