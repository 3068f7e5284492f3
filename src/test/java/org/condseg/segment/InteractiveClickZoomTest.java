package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.Calibration;
import org.condseg.model.Click;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.RecordingNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The click zoom of the shipped interactive-2d (rdf window.click_zoom): a small object prompted by a click
 * alone gets exactly one more engine call, on the zoomed window (its positive channel's peak is wider there);
 * a large object, a box, or a model without the zoom get one call.
 */
class InteractiveClickZoomTest {

    @TempDir
    Path tmp;

    @Test
    void aSmallClickedObjectIsLookedAtOnceMore() throws Exception {
        ModelSpec zoom = withZoom("{below: 0.25, scale: 1.5, margin: 16, min_side: 48}");
        ModelSpec plain = ModelPackageReader.read(Fixtures.model("interactive-2d"));
        Volume image = scene();
        Click small = Click.positive(60, 60, 0), large = Click.positive(170, 170, 0);
        try (var inner = Models.open(zoom, SegmentOptions.defaults().withThreads(1), m -> { })) {
            RecordingNetwork net = new RecordingNetwork(inner);
            SegmentResult r = run(zoom, net, image, new Prompts(List.of(small), List.of(), null, null));
            assertEquals(2, net.calls().size(), "one more call for the small object");
            assertTrue(r.provenance().toString().contains("click_zoom"), r.provenance().toString());
            // the second call sees a 48 px window on the 128 grid: the disc's 49 pixels cover about 49 (128/48)^2 = 348
            // grid pixels (in the first, 128 px window the disc is under 0.5 % of it and clipped away by the
            // 99.5th-percentile normalisation: what stays bright there is the upper half of the ramp)
            int second = bright(net.calls().get(1).get(0).data());
            assertTrue(second > 280 && second < 420, "disc on the zoomed grid: " + second);
            long area = area(r);
            assertTrue(area > 0 && area < 200, "the small disc (50 px) is found: " + area);
            net.clear();
            run(zoom, net, image, new Prompts(List.of(large), List.of(), null, null));
            assertEquals(1, net.calls().size(), "a large object is not zoomed");
            net.clear();
            run(zoom, net, image, new Prompts(List.of(), List.of(new Box(54, 54, 13, 13, 0, 1)), null, null));
            assertEquals(1, net.calls().size(), "a box is never zoomed");
            net.clear();
            run(plain, net, image, new Prompts(List.of(small), List.of(), null, null));
            assertEquals(1, net.calls().size(), "no zoom in the shipped rdf");
        }
    }

    private static SegmentResult run(ModelSpec spec, RecordingNetwork net, Volume image, Prompts p) throws Exception {
        return new Segmenter(spec, net).segment(new SegmentRequest(image, p, SegmentOptions.defaults()), Progress.NONE,
                () -> false);
    }

    /** 256 x 256: a bright disc of radius 4 at (60, 60) and a bright 60 px square from (140, 140), on a ramp. */
    private static Volume scene() {
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(256, 256, 1);
        float[] a = img.update(null).getCurrentStorageArray();
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++) {
                boolean disc = (x - 60) * (x - 60) + (y - 60) * (y - 60) <= 16;
                boolean square = x >= 140 && x < 200 && y >= 140 && y < 200;
                a[y * 256 + x] = (disc || square ? 200 : 20) + 0.1f * x;
            }
        return new Volume(img, Calibration.NONE, "zoom-scene");
    }

    /** The number of grid pixels of the image channel (0) above the middle of its range. */
    private static int bright(float[] x) {
        int n = 128 * 128, count = 0;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, x[i]);
            hi = Math.max(hi, x[i]);
        }
        for (int i = 0; i < n; i++)
            if (x[i] > (lo + hi) / 2)
                count++;
        return count;
    }

    private static long area(SegmentResult r) {
        long n = 0;
        for (UnsignedShortType t : r.labels())
            if (t.get() > 0)
                n++;
        return n;
    }

    private ModelSpec withZoom(String zoom) throws IOException, Exception {
        Path from = Fixtures.model("interactive-2d"), to = tmp.resolve("interactive-2d");
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList())
                Files.copy(f, to.resolve(f.getFileName()));
        }
        Path rdf = to.resolve("rdf.yaml");
        String text = Files.readString(rdf);
        assertTrue(text.contains("click_margin: 16}"));
        Files.writeString(rdf, text.replace("click_margin: 16}", "click_margin: 16, click_zoom: " + zoom + "}"));
        return ModelPackageReader.read(to);
    }
}
