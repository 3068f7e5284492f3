package org.condseg.conditioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

class FloatBlocksTest {

    @Test
    void copiesEveryPixelTypeAsTheCursorWould() {
        Random r = new Random(3);
        long[] dims = {37, 23, 3};
        check(fill(ArrayImgs.unsignedShorts(dims), r, 65535));
        check(fill(ArrayImgs.shorts(dims), r, 65535));
        check(fill(ArrayImgs.unsignedBytes(dims), r, 255));
        check(fill(ArrayImgs.bytes(dims), r, 255));
        check(fill(ArrayImgs.ints(dims), r, Integer.MAX_VALUE));
        check(fill(ArrayImgs.unsignedInts(dims), r, Integer.MAX_VALUE));
        check(fill(ArrayImgs.floats(dims), r, 1000));
        check(fill(ArrayImgs.doubles(dims), r, 1000));
        check(fill(PlanarImgs.unsignedShorts(dims), r, 65535));
        check(fill(ArrayImgs.longs(dims), r, 100000)); // no bulk path: pixel by pixel
    }

    private static <T extends RealType<T>> Img<T> fill(Img<T> img, Random r, double range) {
        for (T t : img)
            t.setReal(t.getMinValue() < 0 ? r.nextDouble() * range - range / 2 : r.nextDouble() * range);
        return img;
    }

    private static <T extends RealType<T>> void check(Img<T> img) {
        RandomAccessibleInterval<T> slice = Views.hyperSlice(img, 2, 1);
        long x0 = 5, y0 = 7;
        int w = 20, h = 11;
        float[] expected = new float[w * h];
        int i = 0;
        for (T t : Views.flatIterable(Views.interval(slice, new long[] {x0, y0}, new long[] {x0 + w - 1, y0 + h - 1})))
            expected[i++] = t.getRealFloat();
        assertArrayEquals(expected, FloatBlocks.copy(slice, x0, y0, w, h), 0f, img.firstElement().getClass().getSimpleName());
    }
}
