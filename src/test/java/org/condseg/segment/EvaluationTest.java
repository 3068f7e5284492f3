package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.condseg.model.Calibration;
import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

class EvaluationTest {

    /** A w×h square of label 1 at (x, y) on a 40×30×1 grid. */
    private static Img<UnsignedByteType> square(int x, int y, int w, int h) {
        Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(40, 30, 1);
        var ra = img.randomAccess();
        for (int j = y; j < y + h; j++)
            for (int i = x; i < x + w; i++) {
                ra.setPosition(new long[] {i, j, 0});
                ra.get().set(1);
            }
        return img;
    }

    @Test
    void aSquareShiftedByThreePixelsAlongXWithHalfMillimetrePixels() {
        // 10×10 squares at x = 5 and x = 8: overlap 7×10
        Calibration cal = new Calibration(new double[] {0.5, 0.5, 2}, "mm", new double[3]);
        List<Evaluation.Row> rows = Evaluation.perLabel(square(8, 10, 10, 10), square(5, 10, 10, 10), cal);
        assertEquals(1, rows.size());
        Evaluation.Row r = rows.get(0);
        assertEquals(2 * 70 / 200.0, r.dice(), 1e-12);
        assertEquals(70 / 130.0, r.iou(), 1e-12);
        // the far edges are 3 px = 1.5 mm apart: the largest surface distance
        assertEquals(1.5, r.hd95(), 1e-9);
        assertTrue(r.assd() > 0 && r.assd() < 1.5, "assd " + r.assd());
        // 100 voxels of 0.5 × 0.5 × 2 mm = 50 mm3 = 0.05 mL
        assertEquals(0.05, r.predictedVolume(), 1e-12);
        assertEquals("mL", r.volumeUnit());
    }

    @Test
    void identicalMasksHaveZeroDistances() {
        List<Evaluation.Row> rows = Evaluation.perLabel(square(3, 4, 7, 9), square(3, 4, 7, 9), Calibration.NONE);
        assertEquals(1, rows.get(0).dice(), 0);
        assertEquals(0, rows.get(0).hd95(), 0);
        assertEquals(0, rows.get(0).assd(), 0);
    }

    @Test
    void aLabelMissingOnOneSideHasNoDistance() {
        Img<UnsignedByteType> empty = ArrayImgs.unsignedBytes(40, 30, 1);
        Evaluation.Row r = Evaluation.perLabel(square(3, 4, 7, 9), empty, Calibration.NONE).get(0);
        assertEquals(0, r.dice(), 0);
        assertTrue(Double.isNaN(r.hd95()));
    }
}
