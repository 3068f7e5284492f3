package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.condseg.ij.AnnotationSession;
import org.condseg.ij.AnnotationSession.Point;
import org.condseg.ij.AnnotationSession.Prompt;
import org.condseg.ij.AnnotationSession.Rect;
import org.condseg.ij.AnnotationSession.Stroke;
import org.condseg.model.UsageException;
import org.junit.jupiter.api.Test;

import ij.Macro;

/** A committed object's Annotate... line reads back, through ImageJ's own option parser, as the same prompts. */
class AnnotateTest {

    @Test
    void theRecordedLineReadsBackAsTheSamePrompts() throws Exception {
        List<Prompt> prompts = List.of(new Point(10, 12, true), new Rect(1, 2, 30, 40), new Point(15, 16, false),
                new Stroke(new int[] {3, 4, 8}, new int[] {5, 5, 9}), new Rect(4, 5, 20, 21), new Point(11, 13, true));
        var c = new AnnotationSession.Committed(7, 3, 2, prompts, new int[] {2, 9}, 100, List.of(),
                org.condseg.model.MaskChoice.BEST);
        String line = Annotate.options("my image.tif", "interactive-2d", c, "propagate", "interactive-3d");
        assertEquals("image=[my image.tif] model=interactive-2d slice=3 frame=2 points=[10,12 11,13] negative=[15,16] "
                + "box=[4,5,20,21] scribble=[3,5 4,5 8,9] mode=propagate first=2 last=9 label=7", line);
        String o = line + " ";
        List<Prompt> back = Annotate.prompts(Macro.getValue(o, "points", ""), Macro.getValue(o, "negative", ""),
                Macro.getValue(o, "box", ""), Macro.getValue(o, "scribble", ""));
        assertEquals(List.of(new Point(10, 12, true), new Point(11, 13, true), new Point(15, 16, false)), back.subList(0, 3));
        Stroke s = (Stroke) back.get(3);
        assertArrayEquals(new int[] {3, 4, 8}, s.xs());
        assertArrayEquals(new int[] {5, 5, 9}, s.ys());
        assertEquals(new Rect(4, 5, 20, 21), back.get(4), "the last box is the object's box");
        assertEquals("my image.tif", Macro.getValue(o, "image", ""));
    }

    @Test
    void malformedValuesAreNamedByTheirKey() {
        UsageException e = assertThrows(UsageException.class, () -> Annotate.prompts("10;12", "", "", ""));
        assertTrue(e.getMessage().startsWith("points=10;12"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Annotate.prompts("", "", "1,2,0,4", ""));
        assertTrue(e.getMessage().startsWith("box="), e.getMessage());
        e = assertThrows(UsageException.class, () -> Annotate.prompts("", "", "", ""));
        assertTrue(e.getMessage().contains("points=[x,y]"), e.getMessage());
    }
}
