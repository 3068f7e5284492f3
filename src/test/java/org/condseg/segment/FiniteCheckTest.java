package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.condseg.model.Volume;
import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/** NaN and infinite voxels are refused before a model sees them, naming the first. */
class FiniteCheckTest {

    @Test
    void refusesNaNAndInfinityNamingTheFirstVoxel() {
        Img<FloatType> img = ArrayImgs.floats(5, 4, 3);
        img.randomAccess().setPositionAndGet(2, 1, 1).set(Float.NaN);
        img.randomAccess().setPositionAndGet(4, 3, 2).set(Float.POSITIVE_INFINITY);
        InputException e = assertThrows(InputException.class, () -> FiniteCheck.check(new Volume(img, Calibration.NONE, "scan")));
        assertTrue(e.getMessage().contains("image scan holds 2 NaN or infinite voxel(s), first at 2,1,1 (NaN)"), e.getMessage());
        assertEquals(3, e.exitCode());
    }

    @Test
    void finiteAndIntegerImagesPass() {
        assertDoesNotThrow(() -> FiniteCheck.check(new Volume(ArrayImgs.floats(3, 3, 1), Calibration.NONE, "f")));
        assertDoesNotThrow(() -> FiniteCheck.check(new Volume(ArrayImgs.unsignedShorts(3, 3, 1), Calibration.NONE, "u")));
    }
}
