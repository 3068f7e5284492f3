package org.condseg.ij;

import org.condseg.model.Box;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * An RGB picture of the first slice with the outlines of a prediction (red), a truth (green) and a
 * prompt box (yellow), for reports.
 *
 * <pre>{@code
 * ImagePlus png = Overlay.draw(image, labels, truth, box);
 * }</pre>
 */
public final class Overlay {

    private Overlay() {
    }

    public static ImagePlus draw(ImagePlus image, RandomAccessibleInterval<? extends RealType<?>> prediction,
            RandomAccessibleInterval<? extends RealType<?>> truth, Box box) {
        ImageProcessor grey = image.getStack().getProcessor(1).duplicate();
        grey.resetMinAndMax();
        ColorProcessor rgb = grey.convertToColorProcessor();
        if (truth != null)
            outline(rgb, truth, 0x00ff00);
        outline(rgb, prediction, 0xff3030);
        if (box != null) {
            rgb.setColor(new java.awt.Color(0xffff00));
            rgb.drawRect((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height());
        }
        return new ImagePlus(image.getTitle() + "-overlay", rgb);
    }

    private static void outline(ColorProcessor rgb, RandomAccessibleInterval<? extends RealType<?>> mask, int colour) {
        int w = rgb.getWidth(), h = rgb.getHeight();
        RandomAccess<? extends RealType<?>> ra = mask.randomAccess();
        boolean[] m = new boolean[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                ra.setPosition(new long[] {x, y, 0});
                m[y * w + x] = ra.get().getRealDouble() != 0;
            }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (m[i] && (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !m[i - 1] || !m[i + 1] || !m[i - w] || !m[i + w]))
                    rgb.set(x, y, colour);
            }
    }
}
