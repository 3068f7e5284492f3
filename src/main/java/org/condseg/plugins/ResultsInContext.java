package org.condseg.plugins;

import java.awt.Color;
import java.awt.Frame;
import java.awt.Rectangle;
import java.util.List;

import org.condseg.ij.LabelImages;
import org.condseg.ij.LabelRois;
import org.condseg.ij.RoiPrompts;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Prompts;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageWindow;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.LUT;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Shows results where the user is looking: each window under a title no other open image has
 * ({@code T-labels}, then {@code T-labels-1}, ...), opened at the prompted slice; the objects' outlines
 * on the source image as an overlay (named {@code condseg-result-L}, replacing those of the previous run;
 * Image › Overlay › Remove Overlay hides them); a results table placed beside the image rather than over it.
 *
 * <pre>{@code
 * ResultsInContext.show(labels, 12);
 * ResultsInContext.outline(source, labels);
 * }</pre>
 */
final class ResultsInContext {

    static final String OUTLINE = "condseg-result-";

    private ResultsInContext() {
    }

    /** The slice (1-based) of the first prompt of the first object, else {@code fallback}. */
    static int promptedSlice(List<RoiPrompts.Prompted> objects, int fallback) {
        for (RoiPrompts.Prompted o : objects) {
            Prompts p = o.prompts();
            for (Box b : p.boxes())
                return (int) (b.z() + (b.depth() - 1) / 2) + 1;
            for (Click c : p.clicks())
                return (int) c.z() + 1;
            if (p.mask() != null) {
                int z = firstNonZeroSlice(p.mask());
                if (z >= 0)
                    return z + 1;
            }
        }
        return fallback;
    }

    /** Shows a result under a unique title at {@code slice} (where it has that many slices). */
    static void show(ImagePlus result, int slice) {
        String title = result.getTitle();
        if (WindowManager.getImage(title) != null)
            result.setTitle(WindowManager.getUniqueName(title));
        if (slice >= 1 && slice <= result.getNSlices()) {
            if (result.isHyperStack() || result.getNFrames() > 1)
                result.setPosition(1, slice, 1);
            else
                result.setSlice(slice);
        }
        result.show();
    }

    /** Draws the labels' outlines on the source as an overlay, each in its label's colour. */
    static void outline(ImagePlus source, ImagePlus labels) {
        if (source.getWidth() != labels.getWidth() || source.getHeight() != labels.getHeight()
                || source.getNSlices() != labels.getNSlices())
            return;
        Overlay o = source.getOverlay() == null ? new Overlay() : source.getOverlay().duplicate();
        for (int i = o.size() - 1; i >= 0; i--)
            if (o.get(i).getName() != null && o.get(i).getName().startsWith(OUTLINE))
                o.remove(i);
        LUT lut = LabelImages.distinctColours(256);
        for (Roi r : LabelRois.of(labels)) {
            int label = Integer.parseInt(r.getName().split("-")[1]);
            r.setStrokeColor(new Color(lut.getRGB(label % 255 == 0 ? 1 : label % 255)));
            int z = r.getZPosition(), t = r.getTPosition();
            r.setName(OUTLINE + label + "-z" + z);
            if (source.isHyperStack())
                r.setPosition(0, z, t);
            else if (source.getStackSize() > 1)
                r.setPosition(source.getStackIndex(source.getC(), z, Math.max(1, t)));
            else
                r.setPosition(0);
            o.add(r);
        }
        source.setOverlay(o);
    }

    /** Moves a table window beside the image window so that it does not cover it. */
    static void besideImage(String tableTitle, ImagePlus image) {
        Frame table = WindowManager.getFrame(tableTitle);
        ImageWindow win = image.getWindow();
        if (table == null || win == null)
            return;
        Rectangle w = win.getBounds(), screen = win.getGraphicsConfiguration().getBounds();
        int x = w.x + w.width + 8;
        if (x + table.getWidth() > screen.x + screen.width)
            x = Math.max(screen.x, w.x - table.getWidth() - 8);
        table.setLocation(x, w.y);
    }

    private static int firstNonZeroSlice(RandomAccessibleInterval<? extends RealType<?>> mask) {
        for (long z = 0; z < mask.dimension(2); z++) {
            Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(mask, 2, z)).cursor();
            while (c.hasNext())
                if (c.next().getRealDouble() != 0)
                    return (int) z;
        }
        return -1;
    }
}
