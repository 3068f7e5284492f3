package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A model whose output declares a halo (test-data/bioimageio/softmax-halo: two 3x3 convolutions, halo 4)
 * gives the same result in small tiles as in one tile: the halo is cropped from each tile before
 * stitching, so no tile's zero-padded border reaches the result.
 */
class HaloTilingTest {

    @TempDir
    Path tmp;

    @Test
    void tiledOutputEqualsUntiledOutput() throws Exception {
        Random r = new Random(3);
        Img<FloatType> c0 = ArrayImgs.floats(77, 61, 1), c1 = ArrayImgs.floats(77, 61, 1);
        for (FloatType t : c0)
            t.set(100 + 30 * (float) r.nextGaussian());
        for (FloatType t : c1)
            t.set(10 + 2 * (float) r.nextGaussian());
        SegmentResult small = segment(withTile("[32, 32]"), c0, c1), whole = segment(withTile("[128, 128]"), c0, c1);
        assertTrue(small.provenance().contains("\"halo\":[4,4]"), small.provenance());
        Cursor<FloatType> a = small.probabilities().cursor(), b = whole.probabilities().cursor();
        double worst = 0;
        while (a.hasNext())
            worst = Math.max(worst, Math.abs(a.next().get() - b.next().get()));
        assertTrue(worst < 1e-5, "tiled against untiled: max difference " + worst);
    }

    private Path withTile(String tile) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "softmax-halo");
        Path src = Fixtures.repo().resolve("test-data/bioimageio/softmax-halo");
        try (var s = Files.list(src)) {
            for (Path p : s.toList())
                Files.copy(p, dir.resolve(p.getFileName()));
        }
        String rdf = Files.readString(dir.resolve("rdf.yaml"));
        Files.writeString(dir.resolve("rdf.yaml"), rdf.replace("config:\n", "config:\n  condseg:\n    task: none\n    tile: " + tile
                + "\n    overlap: 0.25\n"));
        return dir;
    }

    private static SegmentResult segment(Path model, Img<FloatType> c0, Img<FloatType> c1) throws Exception {
        ModelSpec spec = ModelPackageReader.read(model);
        try (Network net = Models.open(spec, SegmentOptions.defaults().withThreads(1), m -> { })) {
            SegmentRequest request = new SegmentRequest(new Volume(c0, Calibration.NONE, "c0"), Prompts.NONE, SegmentOptions.defaults(),
                    List.of(new Volume(c1, Calibration.NONE, "c1")));
            return new Segmenter(spec, net).segment(request, (s, done, total) -> { }, () -> false);
        }
    }
}
