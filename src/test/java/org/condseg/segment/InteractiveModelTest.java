package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.Fixtures;
import org.condseg.conditioning.CropWindow;
import org.condseg.conditioning.InteractiveEncoder;
import org.condseg.conditioning.WindowPlanner;
import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.io.ModelPackageReader;
import org.condseg.io.Models;
import org.condseg.io.Npy;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.imglib2.view.Views;

/**
 * The shipped {@code interactive-2d} model through the whole Java path: the tensors it is fed equal
 * those of the training code, and held-out synthetic objects (irregular, concave, touching a
 * neighbour of the same brightness) are recovered from a box and from one click.
 */
class InteractiveModelTest {

    static ModelSpec spec;
    static Network net;

    @BeforeAll
    static void load() throws Exception {
        spec = ModelPackageReader.read(Fixtures.model("interactive-2d"));
        net = Models.open(spec, SegmentOptions.defaults().withThreads(2), m -> { });
    }

    @AfterAll
    static void close() {
        net.close();
    }

    @Test
    void encodingMatchesTheTrainingCode() throws Exception {
        Volume v = volume(Fixtures.synthetic("demo-image.tif"));
        var slice = Views.hyperSlice(v.pixels(), 2, 0);
        Conditioning c = spec.conditioning();
        Path dir = Fixtures.repo().resolve("test-data/encoding");
        record Case(String name, Box box, List<Click> clicks, String mask) { }
        List<Case> cases = List.of(
                new Case("box", new Box(73, 96, 52, 61, 0, 1), List.of(), null),
                new Case("click", null, List.of(Click.positive(94, 113, 0)), null),
                new Case("clicks", null, List.of(Click.positive(94, 113, 0), Click.positive(110, 140, 0), Click.negative(60, 60, 0)), null),
                new Case("box-clicks", new Box(73, 96, 52, 61, 0, 1), List.of(Click.positive(94, 113, 0), Click.negative(80, 100, 0)), null),
                new Case("scribble", null, List.of(), "scribble-mask.tif"),
                new Case("edge-click", null, List.of(Click.positive(2, 250, 0)), null));
        for (Case k : cases) {
            boolean[] scribble = null;
            long[] bounds = null;
            if (k.mask != null) {
                Volume m = volume(dir.resolve(k.mask));
                scribble = new boolean[(int) (m.width() * m.height())];
                bounds = new long[] {Long.MAX_VALUE, Long.MAX_VALUE, -1, -1};
                var ra = m.pixels().randomAccess();
                for (int y = 0; y < m.height(); y++)
                    for (int x = 0; x < m.width(); x++) {
                        ra.setPosition(new long[] {x, y, 0});
                        if (ra.get().getRealDouble() != 0) {
                            scribble[(int) (y * m.width() + x)] = true;
                            bounds = new long[] {Math.min(bounds[0], x), Math.min(bounds[1], y), Math.max(bounds[2], x), Math.max(bounds[3], y)};
                        }
                    }
            }
            CropWindow w = k.box != null ? WindowPlanner.around(k.box, c.window(), c.grid())
                    : WindowPlanner.around(k.clicks, bounds, c.window(), c.grid());
            float[] java = InteractiveEncoder.encode(slice, k.box, k.clicks, scribble, w, c, spec.input().channels());
            float[] python = Npy.read(dir.resolve(k.name + ".npy"), k.name).data();
            assertEquals(python.length, java.length, k.name);
            double worst = 0;
            for (int i = 0; i < java.length; i++)
                worst = Math.max(worst, Math.abs(java[i] - python[i]));
            assertTrue(worst < 1e-4, k.name + ": max abs difference " + worst);
        }
    }

    @Test
    void recoversHeldOutSyntheticObjectsFromABoxAndFromOneClick() throws Exception {
        List<Double> fromBox = new ArrayList<>(), fromClick = new ArrayList<>();
        Segmenter seg = new Segmenter(spec, net);
        for (int k = 1; k <= 5; k++) {
            Volume image = volume(Fixtures.synthetic("case-" + k + "-image.tif"));
            Volume truth = volume(Fixtures.synthetic("case-" + k + "-truth.tif"));
            Box box = null;
            Click click = null;
            for (String line : Files.readAllLines(Fixtures.synthetic("case-" + k + "-prompt.txt"))) {
                String[] kv = line.trim().split("\\s+");
                String[] n = kv[1].split(",");
                if (kv[0].equals("box"))
                    box = new Box(Long.parseLong(n[0]), Long.parseLong(n[1]), Long.parseLong(n[2]), Long.parseLong(n[3]), 0, 1);
                else
                    click = Click.positive(Long.parseLong(n[0]), Long.parseLong(n[1]), 0);
            }
            SegmentResult b = seg.segment(new SegmentRequest(image, new Prompts(List.of(), List.of(box), null, null),
                    SegmentOptions.defaults()), Progress.NONE, () -> false);
            SegmentResult c = seg.segment(new SegmentRequest(image, new Prompts(List.of(click), List.of(), null, null),
                    SegmentOptions.defaults()), Progress.NONE, () -> false);
            fromBox.add(Metrics.dice(b.labels(), truth.pixels()));
            fromClick.add(Metrics.dice(c.labels(), truth.pixels()));
        }
        double box = fromBox.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double click = fromClick.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        assertTrue(box >= 0.90, "mean Dice from a box " + box + " " + fromBox);
        assertTrue(click >= 0.80, "mean Dice from one click " + click + " " + fromClick);
    }

    private static Volume volume(Path p) throws Exception {
        return ImagePlusAdapter.toVolume(ImageFiles.read(p));
    }
}
