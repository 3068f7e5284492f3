package org.condseg.conditioning;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.blocks.PrimitiveBlocks;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Copies a rectangle of a 2D image into a float array: for the pixel types ImageJ and the medical
 * readers produce, in one bulk copy of the primitive data ({@link PrimitiveBlocks}, no per-pixel
 * type objects), then a widening loop; any other type pixel by pixel.
 *
 * <pre>{@code
 * float[] v = FloatBlocks.copy(slice, x0, y0, 216, 216); // v[y * 216 + x]
 * }</pre>
 */
public final class FloatBlocks {

    private FloatBlocks() {
    }

    /** The values of {@code image} in [x0, x0 + w) × [y0, y0 + h), row-major; the rectangle must lie inside the image. */
    public static float[] copy(RandomAccessibleInterval<? extends RealType<?>> image, long x0, long y0, int w, int h) {
        if ((long) w * h > Integer.MAX_VALUE)
            throw new IllegalArgumentException("region " + w + "x" + h + " is too large");
        int n = w * h;
        float[] out = new float[n];
        if (n == 0)
            return out;
        Object type = image.getType();
        long[] at = {x0, y0};
        int[] size = {w, h};
        if (type instanceof UnsignedShortType || type instanceof ShortType) {
            short[] s = new short[n];
            blocks(image).copy(at, s, size);
            if (type instanceof UnsignedShortType)
                for (int i = 0; i < n; i++)
                    out[i] = s[i] & 0xffff;
            else
                for (int i = 0; i < n; i++)
                    out[i] = s[i];
        } else if (type instanceof UnsignedByteType || type instanceof ByteType) {
            byte[] b = new byte[n];
            blocks(image).copy(at, b, size);
            if (type instanceof UnsignedByteType)
                for (int i = 0; i < n; i++)
                    out[i] = b[i] & 0xff;
            else
                for (int i = 0; i < n; i++)
                    out[i] = b[i];
        } else if (type instanceof FloatType) {
            blocks(image).copy(at, out, size);
        } else if (type instanceof IntType || type instanceof UnsignedIntType) {
            int[] v = new int[n];
            blocks(image).copy(at, v, size);
            if (type instanceof UnsignedIntType)
                for (int i = 0; i < n; i++)
                    out[i] = v[i] & 0xffffffffL;
            else
                for (int i = 0; i < n; i++)
                    out[i] = v[i];
        } else if (type instanceof DoubleType) {
            double[] v = new double[n];
            blocks(image).copy(at, v, size);
            for (int i = 0; i < n; i++)
                out[i] = (float) v[i];
        } else {
            Cursor<? extends RealType<?>> c = Views.flatIterable(Views.interval(image,
                    new FinalInterval(new long[] {x0, y0}, new long[] {x0 + w - 1, y0 + h - 1}))).cursor();
            for (int i = 0; i < n; i++)
                out[i] = c.next().getRealFloat();
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PrimitiveBlocks<?> blocks(RandomAccessibleInterval<? extends RealType<?>> image) {
        return PrimitiveBlocks.of((RandomAccessibleInterval) (RandomAccessibleInterval<? extends NativeType>) (RandomAccessibleInterval) image,
                PrimitiveBlocks.OnFallback.ACCEPT);
    }
}
