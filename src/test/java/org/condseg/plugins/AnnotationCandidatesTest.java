package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.condseg.Fixtures;
import org.condseg.ij.AnnotationSession;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.MaskChoice;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.process.ByteProcessor;

/**
 * The annotation tool's candidate key (C) with candidates-2d (candidates: a disc at the clicks, the
 * bright object, the whole window; the bright object is best-scored): each press shows the next
 * candidate, the commit keeps the choice, and the recorded Annotate... line replays it.
 */
class AnnotationCandidatesTest {

    static final SegmentOptions OPTIONS = SegmentOptions.defaults().withThreads(1);

    /** 96 × 80, dark, a bright 24 × 20 rectangle at (30, 28). */
    static ImagePlus image() {
        ByteProcessor bp = new ByteProcessor(96, 80);
        bp.setValue(20);
        bp.fill();
        bp.setValue(200);
        bp.setRoi(30, 28, 24, 20);
        bp.fill();
        bp.resetRoi();
        return new ImagePlus("rect.tif", bp);
    }

    static int count(byte[] m) {
        int n = 0;
        if (m != null)
            for (byte b : m)
                n += b;
        return n;
    }

    @Test
    void cCyclesBestSmallMediumLargeAndTheCommitRecordsTheChoice() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture("candidates-2d"));
        try (Network net = Models.open(spec, OPTIONS, m -> { })) {
            AnnotationSession s = new AnnotationSession(image(), spec, net, OPTIONS);
            int best = count(s.add(new AnnotationSession.Point(40, 38, true), 1, 1));
            assertTrue(best >= 24 * 20 && best <= 26 * 22, "best: the bright rectangle, " + best);
            int small = count(s.nextCandidate());
            assertEquals(MaskChoice.SMALL, s.maskChoice());
            assertTrue(small > 10 && small < 80, "small: the disc at the click, " + small);
            assertEquals(best, count(s.nextCandidate()), "medium: the rectangle again");
            int large = count(s.nextCandidate());
            assertTrue(large >= 63 * 63, "large: the window, " + large);
            assertEquals(best, count(s.nextCandidate()), "and back to best");
            s.nextCandidate();
            AnnotationSession.Committed c = s.commit(0);
            assertEquals(MaskChoice.SMALL, c.choice());
            assertEquals(small, c.voxels());
            String line = Annotate.options("rect.tif", "candidates-2d", c, "slice", "interactive-3d");
            assertTrue(line.endsWith(" label=1 mask_choice=small"), line);
        }
    }

    @Test
    void aModelWithOneMaskHasNoOtherCandidate() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture("bright-interactive-2d"));
        try (Network net = Models.open(spec, OPTIONS, m -> { })) {
            AnnotationSession s = new AnnotationSession(image(), spec, net, OPTIONS);
            s.add(new AnnotationSession.Point(40, 38, true), 1, 1);
            UsageException e = assertThrows(UsageException.class, s::nextCandidate);
            assertTrue(e.getMessage().contains("one mask per prompt"), e.getMessage());
            assertEquals(MaskChoice.BEST, s.maskChoice());
        }
    }
}
