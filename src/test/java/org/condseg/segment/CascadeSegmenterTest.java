package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.Calibration;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** The coarse-then-fine cascade equals the plain run where the object lies inside the found region. */
class CascadeSegmenterTest {

    /** Noise under 0.5 everywhere, and an ellipsoid of values over 0.5 (the identity models threshold at 0.5). */
    private static Img<FloatType> blobVolume(int w, int h, int d, long seed) {
        Img<FloatType> img = ArrayImgs.floats(w, h, d);
        Random r = new Random(seed);
        Cursor<FloatType> c = img.localizingCursor();
        while (c.hasNext()) {
            FloatType t = c.next();
            double x = (c.getDoublePosition(0) - 0.7 * w) / (0.15 * w), y = (c.getDoublePosition(1) - 0.3 * h) / (0.12 * h),
                    z = d == 1 ? 0 : (c.getDoublePosition(2) - 0.5 * d) / (0.25 * d);
            boolean in = x * x + y * y + z * z <= 1;
            t.set(in ? 0.6f + 0.4f * r.nextFloat() : 0.45f * r.nextFloat());
        }
        return img;
    }

    @ParameterizedTest
    @CsvSource({"identity-2d, 97, 83, 3, 2", "identity-3d, 61, 47, 29, 2", "identity-3d, 64, 64, 32, 3"})
    void equalsThePlainRunAndRunsOnlyInsideTheRegion(String model, int w, int h, int d, int factor) throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture(model));
        Volume v = new Volume(blobVolume(w, h, d, w), new Calibration(new double[] {0.5, 0.5, 2}, "mm", new double[3]), "blob");
        SegmentRequest request = new SegmentRequest(v, Prompts.NONE, SegmentOptions.defaults());
        SegmentResult plain, cascade;
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            plain = new Segmenter(spec, net).segment(request, Progress.NONE, () -> false);
            cascade = new CascadeSegmenter(spec, net, factor).segment(request, Progress.NONE, () -> false);
        }
        assertEquals(1.0, Metrics.dice(plain.labels(), cascade.labels()), 1e-12);
        assertTrue(plain.voxelCount(1) > 0);
        assertArrayEquals(plain.labels().dimensionsAsLongArray(), cascade.labels().dimensionsAsLongArray());
        assertTrue(cascade.provenance().contains("\"cascade\":{\"factor\":" + factor + ",\"region\":["), cascade.provenance());
        assertTrue(cascade.provenance().contains("\"id\":\"" + model + "\""));
        var m = java.util.regex.Pattern.compile("\"region\":\\[(\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)]").matcher(cascade.provenance());
        assertTrue(m.find(), cascade.provenance());
        long[] r = new long[6];
        for (int k = 0; k < 6; k++)
            r[k] = Long.parseLong(m.group(k + 1));
        assertTrue(r[3] * r[4] * r[5] < (long) w * h * d / 2, "the fine pass covers under half the image: " + java.util.Arrays.toString(r));
        Cursor<FloatType> p = cascade.probabilities().localizingCursor();
        while (p.hasNext())
            if (p.next().get() != 0)
                for (int a = 0; a < 3; a++)
                    assertTrue(p.getLongPosition(a) >= r[a] && p.getLongPosition(a) < r[a] + r[a + 3], "probabilities only inside the region");
    }

    @Test
    void anEmptyCoarsePassGivesAnEmptyResult() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.fixture("identity-3d"));
        Volume v = new Volume(ArrayImgs.floats(40, 30, 20), Calibration.NONE, "zeros");
        SegmentResult r;
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            r = new CascadeSegmenter(spec, net, 2).segment(new SegmentRequest(v, Prompts.NONE, SegmentOptions.defaults()),
                    Progress.NONE, () -> false);
        }
        assertEquals(0, r.maxLabel());
        assertTrue(r.provenance().contains("\"region\":\"none\""), r.provenance());
    }

    @Test
    void shrinksByBlockMeansAndScalesTheSpacing() {
        Img<FloatType> img = ArrayImgs.floats(new float[] {1, 3, 5, 7, 9}, 5, 1, 1);
        Volume s = CascadeSegmenter.shrink(new Volume(img, new Calibration(new double[] {0.5, 1, 1}, "mm", new double[3]), "r"),
                new int[] {2, 1, 1});
        assertArrayEquals(new float[] {2, 6, 9}, flat(s));
        assertEquals(1.0, s.calibration().spacing()[0], 1e-12);
    }

    private static float[] flat(Volume v) {
        float[] out = new float[(int) (v.width() * v.height() * v.depth())];
        var c = net.imglib2.view.Views.flatIterable(v.pixels()).cursor();
        for (int i = 0; i < out.length; i++)
            out[i] = c.next().getRealFloat();
        return out;
    }

    @Test
    void refusesConditionedModels() throws Exception {
        ModelSpec spec = ModelPackageReader.read(Fixtures.model("interactive-2d"));
        Volume v = new Volume(ArrayImgs.floats(40, 30, 1), Calibration.NONE, "zeros");
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            UsageException e = assertThrows(UsageException.class, () -> new CascadeSegmenter(spec, net, 2).segment(
                    new SegmentRequest(v, new Prompts(java.util.List.of(), java.util.List.of(new Box(2, 2, 10, 10, 0, 1)), null, null),
                            SegmentOptions.defaults()), Progress.NONE, () -> false));
            assertTrue(e.getMessage().contains("--cascade"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new CascadeSegmenter(spec, null, 1));
    }
}
