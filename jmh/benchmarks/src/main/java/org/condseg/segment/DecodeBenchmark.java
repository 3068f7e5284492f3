package org.condseg.segment;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.conditioning.InteractiveEncoder;
import org.condseg.conditioning.MaskDecoder;
import org.condseg.conditioning.Resampler;
import org.condseg.jmh.Fixtures;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Tensor;
import org.condseg.runtime.Network;
import org.condseg.runtime.Networks;
import org.condseg.segment.PromptedObjects.SliceObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * One object's model output back into the 512 × 512 label image, as the interactive segmenter does
 * it: the 128 × 128 probabilities back-projected onto the window's image pixels (bilinear), the mask
 * decoded (threshold, clip to the box, the prompted 4-connected component) and both written into the
 * label and probability images. The probabilities are interactive-2d's real output for the prompt
 * (one engine call and the sigmoid in the set-up, not timed).
 *
 * <pre>{@code
 * java -jar jmh/target/condseg-jmh.jar DecodeBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class DecodeBenchmark {

    @Param({"box", "click"})
    public String prompt;

    private Conditioning cond;
    private SliceObject object;
    private float[] probabilities;
    private Img<UnsignedShortType> labels;
    private Img<FloatType> values;

    @Setup
    public void setUp() throws Exception {
        ModelSpec spec = Fixtures.interactive();
        cond = spec.conditioning();
        var slice = Fixtures.slice();
        Prompts p = Fixtures.prompts(prompt);
        object = PromptedObjects.objects(cond, p.clicksOn(0), p.boxesOn(0), null, Fixtures.SIDE, Fixtures.SIDE).get(0);
        int[] grid = cond.grid();
        float[] x = InteractiveEncoder.encode(slice, object.box(), object.clicks(), null, object.window(), cond,
                spec.input().channels());
        Tensor in = new Tensor(spec.input().id(), new long[] {1, spec.input().channels(), grid[1], grid[0]}, x);
        try (Network net = Networks.open(spec, SegmentOptions.defaults().withThreads(1), m -> {})) {
            probabilities = net.run(List.of(in)).get(0).data().clone();
        }
        for (int i = 0; i < probabilities.length; i++)
            probabilities[i] = (float) (1 / (1 + Math.exp(-probabilities[i])));
        labels = ArrayImgs.unsignedShorts(Fixtures.SIDE, Fixtures.SIDE, 1);
        values = ArrayImgs.floats(Fixtures.SIDE, Fixtures.SIDE, 1);
    }

    @Benchmark
    public boolean[] decode() {
        Resampler.Region region = Resampler.backProject(probabilities, object.window(), Fixtures.SIDE, Fixtures.SIDE);
        boolean[] mask = MaskDecoder.decode(region, cond.threshold(), cond.clipToBox() ? object.box() : null,
                object.clicks(), object.scribble(), Fixtures.SIDE, cond.keep());
        PromptedObjects.write(labels, values, 0, region, mask, 1);
        return mask;
    }

    /** The region's size and the mask's pixels, to tell a real object from an empty decode. */
    public String describe() {
        Resampler.Region region = Resampler.backProject(probabilities, object.window(), Fixtures.SIDE, Fixtures.SIDE);
        int n = 0;
        for (boolean b : decode())
            n += b ? 1 : 0;
        return region.width() + "x" + region.height() + " region, " + n + " mask pixels";
    }
}
