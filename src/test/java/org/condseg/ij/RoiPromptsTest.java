package org.condseg.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.UsageException;
import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** What the user drew becomes the right prompts, on the right slice and frame. */
class RoiPromptsTest {

    static ImagePlus hyperstack() {
        ImagePlus imp = IJ.createImage("h", "8-bit black", 30, 20, 2 * 4 * 3);
        imp.setDimensions(2, 4, 3);
        imp.setOpenAsHyperStack(true);
        return imp;
    }

    @Test
    void aRectangleIsABoxOnTheCurrentSliceAndFrame() throws Exception {
        ImagePlus imp = hyperstack();
        imp.setPosition(2, 3, 2);
        RoiPrompts.Prompted p = RoiPrompts.fromRoi(new Roi(5, 6, 7, 8), imp);
        assertEquals(2, p.frame());
        assertEquals(List.of(new Box(5, 6, 7, 8, 2, 1)), p.prompts().boxes());
        assertTrue(p.prompts().clicks().isEmpty());
        assertNull(p.prompts().mask());
    }

    @Test
    void anRoisOwnPositionWins() throws Exception {
        ImagePlus imp = hyperstack();
        Roi r = new Roi(25, 15, 10, 10); // leaves the image: clipped
        r.setPosition(1, 4, 3);
        RoiPrompts.Prompted p = RoiPrompts.fromRoi(r, imp);
        assertEquals(3, p.frame());
        assertEquals(List.of(new Box(25, 15, 5, 5, 3, 1)), p.prompts().boxes());

        ImagePlus stack = IJ.createImage("s", "8-bit black", 30, 20, 6);
        Roi s = new Roi(1, 1, 3, 3);
        s.setPosition(5);
        assertEquals(4, RoiPrompts.fromRoi(s, stack).prompts().boxes().get(0).z());
    }

    @Test
    void pointsOfCounterZeroArePositiveOthersNegative() throws Exception {
        ImagePlus imp = IJ.createImage("s", "8-bit black", 30, 20, 5);
        imp.setSlice(4);
        PointRoi pts = new PointRoi(new float[] {3, 10, 20}, new float[] {4, 11, 15}, 3);
        pts.setCounters(new int[] {0, 1, 0});
        RoiPrompts.Prompted p = RoiPrompts.fromRoi(pts, imp);
        assertEquals(List.of(Click.positive(3, 4, 3), Click.negative(10, 11, 3), Click.positive(20, 15, 3)), p.prompts().clicks());
        PointRoi onlyNegative = new PointRoi(new float[] {3}, new float[] {4}, 1);
        onlyNegative.setCounters(new int[] {1});
        assertThrows(UsageException.class, () -> RoiPrompts.fromRoi(onlyNegative, imp));
    }

    @Test
    void areasAndLinesAreScribblesOnTheirSlice() throws Exception {
        ImagePlus imp = IJ.createImage("s", "8-bit black", 30, 20, 5);
        imp.setSlice(2);
        RoiPrompts.Prompted oval = RoiPrompts.fromRoi(new OvalRoi(10, 5, 8, 8), imp);
        assertNotNull(oval.prompts().mask());
        assertEquals(3, oval.prompts().mask().numDimensions());
        assertEquals(5, oval.prompts().mask().dimension(2));
        long onSlice1 = count(Views.hyperSlice(oval.prompts().mask(), 2, 1)), total = count(oval.prompts().mask());
        assertEquals(total, onSlice1);
        assertTrue(onSlice1 > 30 && onSlice1 < 64, "oval pixels " + onSlice1);
        assertTrue(oval.prompts().boxes().isEmpty());

        RoiPrompts.Prompted line = RoiPrompts.fromRoi(new Line(2, 2, 12, 2), imp);
        assertEquals(10, count(line.prompts().mask()), 1);
        RoiPrompts.Prompted poly = RoiPrompts.fromRoi(new PolygonRoi(new float[] {1, 20, 20}, new float[] {1, 1, 15}, Roi.FREEROI), imp);
        assertTrue(count(poly.prompts().mask()) > 100);
        assertThrows(UsageException.class, () -> RoiPrompts.fromRoi(null, imp));
    }

    @Test
    void eachManagerRoiIsOneObject() throws Exception {
        ImagePlus imp = hyperstack();
        Roi a = new Roi(1, 1, 5, 5), b = new PointRoi(10, 10);
        a.setPosition(0, 2, 1);
        b.setPosition(0, 3, 3);
        List<RoiPrompts.Prompted> objects = RoiPrompts.fromRois(new Roi[] {a, b}, imp);
        assertEquals(2, objects.size());
        assertEquals(1, objects.get(0).frame());
        assertEquals(1, objects.get(0).prompts().boxes().get(0).z());
        assertEquals(3, objects.get(1).frame());
        assertEquals(List.of(Click.positive(10, 10, 2)), objects.get(1).prompts().clicks());
        assertThrows(UsageException.class, () -> RoiPrompts.fromRois(new Roi[0], imp));
    }

    @Test
    void eachLabelOfAPriorIsOneObject() throws Exception {
        ImagePlus imp = IJ.createImage("s", "8-bit black", 30, 20, 3);
        ImagePlus prior = IJ.createImage("p", "16-bit black", 30, 20, 3);
        prior.getStack().getProcessor(1).set(3, 3, 7);
        prior.getStack().getProcessor(2).set(4, 4, 7);
        prior.getStack().getProcessor(3).set(9, 9, 300);
        List<RoiPrompts.Prompted> objects = RoiPrompts.fromLabelImage(prior, imp);
        assertEquals(2, objects.size());
        assertEquals(2, count(objects.get(0).prompts().mask()));
        assertEquals(1, count(objects.get(1).prompts().mask()));
        assertThrows(UsageException.class, () -> RoiPrompts.fromLabelImage(IJ.createImage("x", "8-bit black", 30, 21, 3), imp));
        assertThrows(UsageException.class, () -> RoiPrompts.fromLabelImage(IJ.createImage("x", "8-bit black", 30, 20, 3), imp));
        assertFalse(new ImagePlus("b", new ByteProcessor(2, 2)).isHyperStack());
    }

    static long count(net.imglib2.RandomAccessibleInterval<? extends RealType<?>> img) {
        long n = 0;
        for (RealType<?> t : Views.iterable(img))
            if (t.getRealDouble() != 0)
                n++;
        return n;
    }
}
