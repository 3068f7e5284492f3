package org.condseg.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;

/**
 * The annotation tool's pixel work with the bright-interactive-2d fixture (it selects the bright pixels
 * of the prompt's window and keeps the prompted component; a negative click removes the pixels within
 * about 4 px of it). The image: two bright discs A (centre 28,40) and B (centre 64,40), radius 9, joined
 * by a bright bridge 3 px high, on a dark noisy background.
 */
class AnnotationSessionTest {

    static final SegmentOptions OPTIONS = SegmentOptions.defaults().withThreads(1);
    static ModelSpec spec;
    static Network net;

    @BeforeAll
    static void open() throws Exception {
        spec = ModelPackageReader.read(Fixtures.fixture("bright-interactive-2d"));
        net = Models.open(spec, OPTIONS, m -> { });
    }

    @AfterAll
    static void close() {
        net.close();
    }

    /** Two discs and a bridge on {@code slices} slices; the discs shrink by 1 px radius per slice from the middle. */
    static ImagePlus discs(String title, int slices, boolean bridge) {
        int w = 96, h = 80;
        Random rnd = new Random(11);
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < slices; z++) {
            int r = 9 - Math.abs(z - slices / 2);
            ByteProcessor bp = new ByteProcessor(w, h);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    boolean in = inDisc(x, y, 28, 40, r) || inDisc(x, y, 64, 40, r)
                            || bridge && r > 4 && x >= 28 && x <= 64 && Math.abs(y - 40) <= 1;
                    bp.set(x, y, (in ? 200 : 20) + rnd.nextInt(10));
                }
            stack.addSlice(bp);
        }
        return new ImagePlus(title, stack);
    }

    static boolean inDisc(int x, int y, int cx, int cy, int r) {
        return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
    }

    static int count(byte[] m) {
        int n = 0;
        if (m != null)
            for (byte b : m)
                n += b;
        return n;
    }

    @Test
    void aClickGivesTheDiscAndEnterCommitsLabelsOneThenTwo() throws Exception {
        ImagePlus imp = discs("cells.tif", 1, false);
        AnnotationSession s = new AnnotationSession(imp, spec, net, OPTIONS);
        byte[] m = s.add(new AnnotationSession.Point(28, 40, true), 1, 1);
        int a = count(m);
        assertTrue(a > 200 && a < 380, "disc A has 253 pixels (its edge blurred by resampling), mask " + a);
        for (int i = 0; i < m.length; i++)
            if (m[i] != 0)
                assertTrue(inDisc(i % 96, i / 96, 28, 40, 11), "pixel " + i + " lies outside disc A");
        AnnotationSession.Committed first = s.commit(0);
        assertEquals(1, first.label());
        assertEquals(a, first.voxels());
        assertEquals("label-1-z1", first.rois().get(0).getName());
        assertTrue(s.prompts().isEmpty());
        assertTrue(!s.hasMask());

        s.add(new AnnotationSession.Rect(53, 29, 23, 23), 1, 1);
        AnnotationSession.Committed second = s.commit(0);
        assertEquals(2, second.label());
        ImagePlus labels = s.labels().image();
        assertEquals("cells-labels", labels.getTitle());
        assertEquals(8, labels.getBitDepth());
        assertEquals(1, labels.getProcessor().get(28, 40));
        assertEquals(2, labels.getProcessor().get(64, 40));
        assertEquals(0, labels.getProcessor().get(5, 5));
        assertTrue(String.valueOf(labels.getProp(LabelImages.PROVENANCE)).contains("\"label\":2"));
    }

    @Test
    void aNegativeClickShrinksALeakingMaskAndUndoRestoresIt() throws Exception {
        ImagePlus imp = discs("leak.tif", 1, true);
        AnnotationSession s = new AnnotationSession(imp, spec, net, OPTIONS);
        int leaking = count(s.add(new AnnotationSession.Point(28, 40, true), 1, 1));
        int shrunk = count(s.add(new AnnotationSession.Point(46, 40, false), 1, 1));
        assertTrue(leaking > 300, "the mask leaks along the bridge: " + leaking);
        assertTrue(shrunk < leaking - 40, "a negative click on the bridge cuts it: " + leaking + " -> " + shrunk);
        s.undo();
        assertEquals(leaking, count(s.mask(1)));
        s.clear();
        assertNull(s.mask(1));
        assertThrows(IllegalStateException.class, () -> s.commit(0));
    }

    @Test
    void theSamePromptsReplayToTheSameLabels() throws Exception {
        ImagePlus live = discs("a.tif", 1, true), replay = discs("b.tif", 1, true);
        AnnotationSession s = new AnnotationSession(live, spec, net, OPTIONS);
        s.add(new AnnotationSession.Point(28, 40, true), 1, 1);
        s.add(new AnnotationSession.Stroke(new int[] {60, 66}, new int[] {38, 42}), 1, 1);
        s.add(new AnnotationSession.Point(46, 40, false), 1, 1);
        AnnotationSession.Committed c = s.commit(0);

        AnnotationSession r = new AnnotationSession(replay, spec, net, OPTIONS);
        r.replace(c.prompts(), c.slice(), c.frame(), true);
        r.commit(c.label());
        assertArrayEquals((byte[]) s.labels().image().getProcessor().getPixels(), (byte[]) r.labels().image().getProcessor().getPixels());
    }

    @Test
    void propagationCarriesTheObjectThroughTheMarkedSlices() throws Exception {
        ImagePlus imp = discs("stack.tif", 9, false);
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().pixelDepth = 2;
        imp.getCalibration().setUnit("mm");
        AnnotationSession s = new AnnotationSession(imp, spec, net, OPTIONS);
        s.add(new AnnotationSession.Rect(17, 29, 23, 23), 5, 1);
        s.propagate(3, 7);
        assertArrayEquals(new int[] {3, 7}, s.range());
        assertNull(s.mask(2));
        assertNull(s.mask(8));
        for (int z = 3; z <= 7; z++)
            assertNotNull(s.mask(z), "slice " + z);
        AnnotationSession.Committed c = s.commit(0);
        assertEquals(5, c.rois().size());
        ImagePlus labels = s.labels().image();
        assertEquals(9, labels.getNSlices());
        assertEquals(2, labels.getCalibration().pixelDepth, 1e-12);
        assertEquals(0.5, labels.getCalibration().pixelWidth, 1e-12);
        assertEquals("mm", labels.getCalibration().getUnit());
        assertEquals(1, labels.getStack().getProcessor(3).get(28, 40));
        assertEquals(0, labels.getStack().getProcessor(2).get(28, 40));
        UsageException e = assertThrows(UsageException.class, () -> s.propagate(1, 9));
        assertTrue(e.getMessage().contains("click"), e.getMessage());
    }

    @Test
    void labelsPast255WidenTheLabelImageTo16Bits() throws Exception {
        ImagePlus imp = discs("many.tif", 1, false);
        AnnotationSession s = new AnnotationSession(imp, spec, net, OPTIONS);
        s.add(new AnnotationSession.Point(28, 40, true), 1, 1);
        s.commit(300);
        AnnotationLabels labels = s.labels();
        assertEquals(16, labels.image().getBitDepth());
        assertEquals(300, labels.image().getProcessor().get(28, 40));
        assertEquals(301, labels.nextLabel());
        assertSame(labels, s.labels());
    }
}
