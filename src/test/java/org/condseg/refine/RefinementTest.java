package org.condseg.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CancellationException;

import org.condseg.model.Calibration;
import org.condseg.model.Progress;
import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** Step lists: parsing, errors that name the step, units from the calibration, and the "done when". */
class RefinementTest {

    private static final Calibration HALF_MM = new Calibration(new double[] {0.5, 0.5, 1}, "mm", new double[3]);

    @Test
    void parsesAndWritesBackStepLists() {
        Refinement r = Refinement.parse("fill-holes, largest,min-size:20mm3,open:1.5mm,close:2px,graphcut, fill-holes:slices");
        assertEquals("fill-holes,largest,min-size:20mm3,open:1.5mm,close:2px,graphcut,fill-holes:slices", r.text());
        assertTrue(r.needsImage());
        assertEquals("min-size:0.5cm3", Refinement.parse("min-size:0.5ml").text());
        assertTrue(!Refinement.parse("largest").needsImage());
    }

    @Test
    void aBadStepIsNamedInOneLine() {
        for (String[] bad : new String[][] {{"fill-holes,opne:1mm", "'opne:1mm'"}, {"open", "'open'"}, {"open:1.5", "'open:1.5'"},
                {"min-size:3mm", "'min-size:3mm'"}, {"largest,,open:1mm", "empty step"}, {"close:2 parsecs", "'close:2 parsecs'"},
                {"largest:3", "'largest:3'"}, {"graphcut:2mm3", "'graphcut:2mm3'"}, {"", "no refinement steps"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Refinement.parse(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]) && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void usesTheCalibrationsUnit() {
        // 500 µm pixels: open:1mm is a radius of 2 px, which removes a 3 px wide bar and keeps a 5 px one
        Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(20, 12, 1);
        var ra = labels.randomAccess();
        for (int x = 1; x < 19; x++) {
            for (int y = 1; y < 4; y++)
                ra.setPositionAndGet(x, y, 0).set(1);
            for (int y = 6; y < 11; y++)
                ra.setPositionAndGet(x, y, 0).set(2);
        }
        Calibration microns = new Calibration(new double[] {500, 500, 1}, "micron", new double[3]);
        Img<UnsignedShortType> out = Refinement.parse("open:1mm").apply(labels, microns, null, null, Progress.NONE, () -> false);
        var o = out.randomAccess();
        assertEquals(0, o.setPositionAndGet(10, 2, 0).get());
        assertEquals(2, o.setPositionAndGet(10, 8, 0).get());
        assertEquals(1, labels.randomAccess().setPositionAndGet(10, 2, 0).get(), "the input is not changed");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Refinement.parse("open:1mm")
                .apply(labels, Calibration.NONE, null, null, Progress.NONE, () -> false));
        assertTrue(e.getMessage().contains("px"), e.getMessage());
    }

    @Test
    void refusesMissingImagesMismatchedGridsAndFractionalLabels() {
        Img<FloatType> labels = ArrayImgs.floats(6, 5, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Refinement.parse("graphcut").apply(labels, HALF_MM, null, null, Progress.NONE, () -> false));
        assertThrows(IllegalArgumentException.class, () -> Refinement.parse("graphcut")
                .apply(labels, HALF_MM, ArrayImgs.floats(6, 4, 1), null, Progress.NONE, () -> false));
        labels.firstElement().set(1.5f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Refinement.parse("largest").apply(labels, HALF_MM, null, null, Progress.NONE, () -> false));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void addsTheStepsToTheProvenance() {
        Refinement r = Refinement.parse("largest");
        assertEquals("{\"model\":\"m\",\"refine\":\"largest\"}", r.provenance("{\"model\":\"m\"}"));
        assertEquals("{\"refine\":\"largest\"}", r.provenance(null));
        assertEquals("{\"refine\":\"largest\"}", r.provenance("{}"));
        assertEquals("{\"refine\":\"largest\"}", r.provenance("not json"));
    }

    @Test
    void readsQuantities() {
        assertEquals(new Quantity(1.5, "mm", 1), Quantity.parse("1.5mm"));
        assertEquals(new Quantity(20, "mm", 3), Quantity.parse("20mm3"));
        assertEquals(new Quantity(20, "mm", 3), Quantity.parse("20 mm³"));
        assertEquals(new Quantity(4, "µm", 2), Quantity.parse("4µm2"));
        assertEquals(new Quantity(3, "px", 1), Quantity.parse("3px"));
        assertEquals(0.5e3, Quantity.parse("0.5ml").inMillimetres(), 1e-9);
        assertEquals(2e-6, Quantity.parse("2um2").inMillimetres(), 1e-18);
        for (String bad : new String[] {"3", "mm", "-1mm", "3px2", "2 furlongs", "1e400mm", "2ml3"})
            assertThrows(IllegalArgumentException.class, () -> Quantity.parse(bad), bad);
        assertEquals(1e-3, Quantity.millimetres("micron"), 1e-12);
        assertTrue(Double.isNaN(Quantity.millimetres("pixel")));
    }

    @Test
    void cancels() {
        Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(6, 5, 1);
        assertThrows(CancellationException.class,
                () -> Refinement.parse("largest").apply(labels, HALF_MM, null, null, Progress.NONE, () -> true));
    }

    /** The "done when": fill-holes,largest,open improve a noisy, holed mask by at least 0.10 Dice. */
    @Test
    void improvesANoisyHoledMaskByAtLeastATenthOfDice() {
        for (long seed = 1; seed <= 5; seed++) {
            Random rnd = new Random(seed);
            int w = 128, h = 112;
            Img<UnsignedByteType> truth = ArrayImgs.unsignedBytes(w, h, 1), noisy = ArrayImgs.unsignedBytes(w, h, 1);
            var t = truth.randomAccess();
            var n = noisy.randomAccess();
            double cx = 60 + rnd.nextInt(8), cy = 54 + rnd.nextInt(6), rx = 30, ry = 22;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double e = Math.pow((x - cx) / rx, 2) + Math.pow((y - cy) / ry, 2);
                    boolean in = e <= 1;
                    t.setPositionAndGet(x, y, 0).set(in ? 1 : 0);
                    boolean ragged = Math.abs(Math.sqrt(e) - 1) < 0.06 && rnd.nextBoolean();
                    boolean v = ragged ? !in : in ? rnd.nextDouble() > 0.12 : rnd.nextDouble() < 0.04;
                    n.setPositionAndGet(x, y, 0).set(v ? 1 : 0);
                }
            for (int k = 0; k < 12; k++) { // holes of 2-3 px radius inside
                double hx = cx + (rnd.nextDouble() - 0.5) * rx, hy = cy + (rnd.nextDouble() - 0.5) * ry, hr = 2 + rnd.nextDouble();
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        if (Math.hypot(x - hx, y - hy) <= hr)
                            n.setPositionAndGet(x, y, 0).set(0);
            }
            for (int k = 0; k < 6; k++) { // blobs of false positives outside
                int bx = rnd.nextInt(w - 4), by = rnd.nextInt(12);
                for (int y = by; y < by + 3; y++)
                    for (int x = bx; x < bx + 3; x++)
                        n.setPositionAndGet(x, y, 0).set(1);
            }
            double before = org.condseg.refine.RefinementTest.dice(noisy, truth);
            Img<UnsignedShortType> refined = Refinement.parse("fill-holes,largest,open:1mm")
                    .apply(noisy, HALF_MM, null, null, Progress.NONE, () -> false);
            double after = dice(refined, truth);
            assertTrue(after - before >= 0.10, "seed " + seed + ": Dice " + before + " → " + after);
            assertTrue(after > 0.95, "seed " + seed + ": Dice " + after);
        }
    }

    static double dice(Img<? extends net.imglib2.type.numeric.RealType<?>> a, Img<? extends net.imglib2.type.numeric.RealType<?>> b) {
        var ca = a.cursor();
        var cb = b.cursor();
        long both = 0, na = 0, nb = 0;
        while (ca.hasNext()) {
            boolean x = ca.next().getRealDouble() != 0, y = cb.next().getRealDouble() != 0;
            na += x ? 1 : 0;
            nb += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }
        return 2.0 * both / (na + nb);
    }
}
