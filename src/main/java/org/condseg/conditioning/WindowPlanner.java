package org.condseg.conditioning;

import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;

/**
 * Chooses the 2D window an interactive model sees. With a box: centred on the box, each side
 * {@code boxScale * size + boxMargin} (the aspect is not kept). Otherwise: a square centred on the
 * bounding box of the positive clicks and scribble pixels, of side
 * {@code max(clickMinSide, clickScale * extent + clickMargin)}; one click gives a native
 * 128 &times; 128 window centred on it.
 *
 * <pre>{@code
 * CropWindow w = WindowPlanner.around(box, Conditioning.Window.DEFAULT, new int[] {128, 128});
 * }</pre>
 */
public final class WindowPlanner {

    private WindowPlanner() {
    }

    /** The window around a box (x, y in pixels; the box covers [x, x+w) in edge coordinates). */
    public static CropWindow around(Box box, Conditioning.Window w, int[] grid) {
        double[] centre = {box.x() + box.width() / 2.0, box.y() + box.height() / 2.0};
        double[] size = {w.boxScale() * box.width() + w.boxMargin(), w.boxScale() * box.height() + w.boxMargin()};
        return CropWindow.centred(centre, size, grid);
    }

    /**
     * The window around positive clicks and scribble pixels.
     *
     * @param clicks the clicks (negative ones are ignored here)
     * @param scribbleBounds {minX, minY, maxX, maxY} of the scribble pixels, or {@code null}
     */
    public static CropWindow around(List<Click> clicks, long[] scribbleBounds, Conditioning.Window w, int[] grid) {
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        double[] b = withPositiveClicks(new double[] {minX, minY, maxX, maxY}, clicks);
        minX = b[0];
        minY = b[1];
        maxX = b[2];
        maxY = b[3];
        if (scribbleBounds != null) {
            minX = Math.min(minX, scribbleBounds[0] + 0.5);
            minY = Math.min(minY, scribbleBounds[1] + 0.5);
            maxX = Math.max(maxX, scribbleBounds[2] + 0.5);
            maxY = Math.max(maxY, scribbleBounds[3] + 0.5);
        }
        if (minX > maxX)
            throw new IllegalArgumentException("no positive click or scribble pixel to place a window around");
        double extent = Math.max(maxX - minX, maxY - minY);
        double side = Math.max(w.clickMinSide(), w.clickScale() * extent + w.clickMargin());
        return CropWindow.centred(new double[] {(minX + maxX) / 2, (minY + maxY) / 2}, new double[] {side, side}, grid);
    }

    /**
     * The second, zoomed window of a click-only object (see {@link Conditioning.ClickZoom}), or {@code null}
     * where no zoom applies: the first mask is not small, or the zoomed square would not be smaller than
     * {@code first}.
     *
     * @param maskBounds {minX, minY, maxX, maxY} of the first mask's pixels (inclusive), or {@code null}
     *     where it is empty
     * @param clicks the object's clicks (the positive ones join the mask's box)
     * @param first the window of the first pass (square)
     */
    public static CropWindow zoom(long[] maskBounds, List<Click> clicks, Conditioning.ClickZoom z, CropWindow first,
            int[] grid) {
        double firstSide = Math.min(first.size()[0], first.size()[1]);
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        if (maskBounds != null) {
            double mw = maskBounds[2] + 1 - maskBounds[0], mh = maskBounds[3] + 1 - maskBounds[1];
            if (Math.max(mw, mh) >= z.below() * firstSide)
                return null;
            minX = maskBounds[0];
            minY = maskBounds[1];
            maxX = maskBounds[2] + 1;
            maxY = maskBounds[3] + 1;
        }
        double[] b = withPositiveClicks(new double[] {minX, minY, maxX, maxY}, clicks);
        minX = b[0];
        minY = b[1];
        maxX = b[2];
        maxY = b[3];
        if (minX > maxX)
            return null;
        double extent = Math.max(maxX - minX, maxY - minY);
        double side = Math.max(z.minSide(), z.scale() * extent + z.margin());
        if (side >= firstSide)
            return null;
        return CropWindow.centred(new double[] {(minX + maxX) / 2, (minY + maxY) / 2}, new double[] {side, side}, grid);
    }

    /** {minX, minY, maxX, maxY} grown to hold the centres of the positive clicks (pixel i's centre at i + 0.5). */
    private static double[] withPositiveClicks(double[] bounds, List<Click> clicks) {
        double[] b = bounds.clone();
        for (Click c : clicks) {
            if (!c.positive())
                continue;
            b[0] = Math.min(b[0], c.x() + 0.5);
            b[1] = Math.min(b[1], c.y() + 0.5);
            b[2] = Math.max(b[2], c.x() + 0.5);
            b[3] = Math.max(b[3], c.y() + 0.5);
        }
        return b;
    }
}
