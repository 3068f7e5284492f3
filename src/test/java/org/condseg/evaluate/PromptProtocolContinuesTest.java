package org.condseg.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.model.Calibration;
import org.condseg.model.MaskChoice;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Tensor;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.runtime.Networks;
import org.condseg.runtime.RecordingNetwork;
import org.condseg.segment.Segmenter;
import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;

/**
 * The protocol gives a model that continues from a mask (candidates-2d, whose {@code previous} channel
 * is channel 4) the mask of its last answer with every correction click, and nothing on the first.
 */
class PromptProtocolContinuesTest {

    @Test
    void everyRunAfterTheFirstCarriesTheLastMask() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture("candidates-2d"));
        int w = 48, h = 40;
        var image = ArrayImgs.floats(w, h, 1);
        var truth = ArrayImgs.unsignedBytes(w, h, 1);
        var ci = image.randomAccess();
        var ct = truth.randomAccess();
        for (int y = 10; y < 26; y++)
            for (int x = 12; x < 30; x++) {
                ci.setPosition(new long[] {x, y, 0});
                ci.get().set(100f);
                ct.setPosition(new long[] {x, y, 0});
                ct.get().set(1);
            }
        try (Network net = Networks.open(spec, SegmentOptions.defaults(), m -> { })) {
            RecordingNetwork rec = new RecordingNetwork(net);
            // the small candidate (a disc at the clicks) never covers the rectangle: several runs follow
            PromptProtocol p = new PromptProtocol(new Segmenter(spec, rec),
                    SegmentOptions.defaults().withMaskChoice(MaskChoice.SMALL), PromptProtocol.Start.CLICK, 3);
            LabelledObject o = LabelledObject.all(truth).get(0);
            ObjectTrace t = p.run(new Volume(image, Calibration.NONE, "rect"), o, () -> false);
            List<List<Tensor>> calls = rec.calls();
            assertEquals(3, calls.size(), "three interactions");
            assertEquals(0, previousSum(calls.get(0).get(0)), 0, "no mask before the first answer");
            assertTrue(previousSum(calls.get(1).get(0)) > 10, "the first answer's mask with the second click");
            assertTrue(previousSum(calls.get(2).get(0)) > previousSum(calls.get(1).get(0)),
                    "the second answer (two discs) with the third click");
            assertTrue(t.dice()[2] > t.dice()[0], java.util.Arrays.toString(t.dice()));
        }
    }

    /** The sum of channel 4 (previous mask) of a one-row [1, 5, gy, gx] input. */
    private static double previousSum(Tensor t) {
        int n = (int) (t.shape()[2] * t.shape()[3]);
        double s = 0;
        for (int i = 4 * n; i < 5 * n; i++)
            s += t.data()[i];
        return s;
    }

}
