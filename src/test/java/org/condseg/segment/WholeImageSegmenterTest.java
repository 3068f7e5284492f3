package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Calibration;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** Tile-and-stitch through a real ONNX Runtime session equals the direct result. */
class WholeImageSegmenterTest {

    @ParameterizedTest
    @CsvSource({"identity-2d, 37, 29, 3", "identity-2d, 70, 45, 1", "identity-3d, 23, 19, 13", "identity-3d, 40, 9, 5"})
    void identityModelThresholdsTheImageExactly(String model, int w, int h, int d) throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture(model));
        Img<FloatType> img = ArrayImgs.floats(w, h, d);
        Random r = new Random(w * 31L + h);
        for (FloatType t : img)
            t.set(r.nextFloat());
        Volume v = new Volume(img, Calibration.NONE, "random");
        SegmentResult result;
        AtomicInteger events = new AtomicInteger();
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            result = new Segmenter(spec, net).segment(new SegmentRequest(v, Prompts.NONE, SegmentOptions.defaults()),
                    (s, done, total) -> events.incrementAndGet(), () -> false);
        }
        Cursor<FloatType> in = img.cursor();
        Cursor<UnsignedShortType> out = result.labels().cursor();
        Cursor<FloatType> prob = result.probabilities().cursor();
        while (in.hasNext()) {
            float x = in.next().get();
            assertEquals(x, prob.next().get(), 1e-5);
            assertEquals(x > 0.5 ? 1 : 0, out.next().get());
        }
        assertTrue(events.get() > 0);
        assertTrue(result.provenance().contains("\"id\":\"" + model + "\""), result.provenance());
    }

    @ParameterizedTest
    @CsvSource({"identity-2d, 100, 90, 2"})
    void cancelStopsBetweenTiles(String model, int w, int h, int d) throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture(model));
        Volume v = new Volume(ArrayImgs.floats(w, h, d), Calibration.NONE, "zeros");
        AtomicInteger tiles = new AtomicInteger();
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            assertThrows(CancellationException.class, () -> new Segmenter(spec, net).segment(
                    new SegmentRequest(v, Prompts.NONE, SegmentOptions.defaults()),
                    (s, done, total) -> tiles.incrementAndGet(), () -> tiles.get() >= 3));
        }
        assertEquals(3, tiles.get());
    }
}
