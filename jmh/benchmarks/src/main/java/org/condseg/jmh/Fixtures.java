package org.condseg.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.condseg.io.ModelPackageReader;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.segment.Benchmark;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * What the benchmarks share: the repository's interactive-2d model, the 512 × 512 16-bit slice the
 * {@code benchmark} command clicks on (seeded blobs on noise) and the two prompts measured, a box
 * (as {@code benchmark} draws on every slice) and one click (as {@code click-latency-ms}).
 *
 * <pre>{@code
 * ModelSpec spec = Fixtures.interactive();
 * Prompts p = Fixtures.prompts("box");
 * }</pre>
 */
public final class Fixtures {

    /** The slice's side. */
    public static final long SIDE = 512;

    private Fixtures() {
    }

    /** The repository root: {@code -Dcondseg.repo}, else the first folder up from here that holds models/interactive-2d. */
    public static Path repo() {
        String given = System.getProperty("condseg.repo");
        if (given != null)
            return Path.of(given);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("models/interactive-2d/rdf.yaml")))
                return p;
        throw new IllegalStateException("run from inside the repository or pass -Dcondseg.repo=DIR: no models/interactive-2d above "
                + Path.of("").toAbsolutePath());
    }

    public static ModelSpec interactive() throws ModelPackageException {
        return ModelPackageReader.read(repo().resolve("models/interactive-2d"));
    }

    /** The 512 × 512 16-bit slice, a 2D view of a 3D image as the segmenter sees it. */
    public static RandomAccessibleInterval<? extends RealType<?>> slice() {
        return Views.hyperSlice(Benchmark.syntheticVolume(new long[] {SIDE, SIDE, 1}, 23).pixels(), 2, 0);
    }

    /** "box": a 170 × 170 box (a window of 216 pixels, resampled down to 128); "click": one positive click (a native 128 window). */
    public static Prompts prompts(String kind) {
        return switch (kind) {
            case "box" -> new Prompts(List.of(), List.of(new Box(SIDE / 4, SIDE / 4, SIDE / 3, SIDE / 3, 0, 1)), null, null);
            case "click" -> new Prompts(List.of(Click.positive(200, 256, 0)), List.of(), null, null);
            default -> throw new IllegalArgumentException("prompt " + kind + " is not box or click");
        };
    }
}
