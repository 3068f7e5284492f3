package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Calibration;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.Test;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** A multi-modal model gets the request's image and its further channels, in order, tiled and stitched. */
class MultiChannelTest {

    private static Img<FloatType> random(int w, int h, int d, long seed) {
        Img<FloatType> img = ArrayImgs.floats(w, h, d);
        Random r = new Random(seed);
        for (FloatType t : img)
            t.set(r.nextFloat());
        return img;
    }

    @Test
    void theMeanOfTwoChannelsIsThresholdedExactlyAndTheCascadeAgrees() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture("mean-2ch-2d"));
        Img<FloatType> a = random(53, 41, 3, 1), b = random(53, 41, 3, 2);
        SegmentRequest request = new SegmentRequest(new Volume(a, Calibration.NONE, "t1"), Prompts.NONE, SegmentOptions.defaults(),
                List.of(new Volume(b, Calibration.NONE, "t2")));
        SegmentResult r;
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            r = new Segmenter(spec, net).segment(request, Progress.NONE, () -> false);
            assertThrows(InputException.class, () -> new Segmenter(spec, net).segment(
                    new SegmentRequest(new Volume(a, Calibration.NONE, "t1"), Prompts.NONE, SegmentOptions.defaults()),
                    Progress.NONE, () -> false), "one channel for a two-channel model");
        }
        Cursor<FloatType> ca = a.cursor(), cb = b.cursor(), p = r.probabilities().cursor();
        Cursor<UnsignedShortType> l = r.labels().cursor();
        while (ca.hasNext()) {
            float m = (ca.next().get() + cb.next().get()) / 2;
            assertEquals(m, p.next().get(), 1e-5);
            assertEquals(m > 0.5 ? 1 : 0, l.next().get());
        }
    }

    @Test
    void channelsMustShareTheGridAndConditionedModelsTakeOne() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SegmentRequest(
                new Volume(ArrayImgs.floats(8, 8, 1), Calibration.NONE, "t1"), Prompts.NONE, SegmentOptions.defaults(),
                List.of(new Volume(ArrayImgs.floats(8, 9, 1), Calibration.NONE, "t2"))));
        assertTrue(e.getMessage().contains("8×9×1") && e.getMessage().contains("8×8×1"), e.getMessage());
        ModelSpec spec = ModelPackageReader.read(Fixtures.model("interactive-2d"));
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            InputException x = assertThrows(InputException.class, () -> new Segmenter(spec, net).segment(new SegmentRequest(
                    new Volume(ArrayImgs.floats(32, 32, 1), Calibration.NONE, "a"),
                    new Prompts(List.of(new org.condseg.model.Click(5, 5, 0, true)), List.of(), null, null), SegmentOptions.defaults(),
                    List.of(new Volume(ArrayImgs.floats(32, 32, 1), Calibration.NONE, "b"))), Progress.NONE, () -> false));
            assertTrue(x.getMessage().contains("multi-modal"), x.getMessage());
        }
    }
}
