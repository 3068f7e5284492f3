package org.condseg.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.conditioning.CropWindow;
import org.condseg.conditioning.InteractiveEncoder;
import org.condseg.conditioning.Resampler;
import org.condseg.conditioning.WindowPlanner;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
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

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * One slice's prompt into interactive-2d's input, [4, 128, 128]: the window around the prompt, the
 * 512 × 512 16-bit slice resampled into it (bilinear), clipped to its percentiles and standardised,
 * and the click and box channels drawn ({@link InteractiveEncoder#encode}); and its resampling alone.
 *
 * <pre>{@code
 * java -jar jmh/target/condseg-jmh.jar EncodeBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class EncodeBenchmark {

    @Param({"box", "click"})
    public String prompt;

    private RandomAccessibleInterval<? extends RealType<?>> slice;
    private Conditioning cond;
    private int channels;
    private Box box;
    private List<Click> clicks;
    private CropWindow window;

    @Setup
    public void setUp() throws Exception {
        ModelSpec spec = Fixtures.interactive();
        cond = spec.conditioning();
        channels = spec.input().channels();
        slice = Fixtures.slice();
        Prompts p = Fixtures.prompts(prompt);
        box = p.boxes().isEmpty() ? null : p.boxes().get(0);
        clicks = p.clicks();
        window = box != null ? WindowPlanner.around(box, cond.window(), cond.grid())
                : WindowPlanner.around(clicks, null, cond.window(), cond.grid());
    }

    @Benchmark
    public float[] encode() {
        return InteractiveEncoder.encode(slice, box, clicks, null, window, cond, channels);
    }

    /** The image channel's resampling alone (the window's pixels copied out of the slice, then bilinear), a part of {@code encode}. */
    @Benchmark
    public float[] resample() {
        return Resampler.sample(slice, window);
    }
}
