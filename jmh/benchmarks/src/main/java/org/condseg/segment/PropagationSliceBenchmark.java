package org.condseg.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.jmh.Fixtures;
import org.condseg.model.Calibration;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.runtime.Networks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import net.imglib2.view.Views;

/**
 * One slice of propagation on a 512 × 512 slice with interactive-2d: the carried box at the four
 * default scales (0.7, 0.85, 1, 1.15 of a 100 × 80 object) run one by one through the segmenter, as
 * propagation did before 2026-12-03, and as one engine call ({@link Propagator#runAll}), side by side.
 * Both give the same masks ({@code PropagatorTest.batchedTriesGiveWhatOneByOneGives}).
 *
 * <pre>{@code
 * java -jar jmh/target/condseg-jmh.jar PropagationSliceBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class PropagationSliceBenchmark {

    private Network net;
    private Propagator propagator;
    private Volume slice;
    private SegmentRequest request;
    private List<Prompts> tries;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelSpec spec = Fixtures.interactive();
        SegmentOptions options = SegmentOptions.defaults().withThreads(2);
        net = Networks.open(spec, options, m -> {});
        propagator = new Propagator(spec, net);
        slice = new Volume(Views.addDimension(Fixtures.slice(), 0, 0), Calibration.NONE, "slice");
        request = new SegmentRequest(slice, Prompts.NONE, options);
        int w = (int) Fixtures.SIDE;
        boolean[] previous = new boolean[w * w];
        for (int y = 200; y < 280; y++)
            for (int x = 180; x < 280; x++)
                previous[y * w + x] = true;
        tries = new ArrayList<>();
        for (double scale : Propagator.Settings.defaults().scales())
            tries.add(propagator.carried(previous, w, w, scale));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    @Benchmark
    public List<SliceMask> oneByOne() throws Exception {
        List<SliceMask> out = new ArrayList<>();
        for (Prompts p : tries)
            out.add(propagator.run(slice, 0, p, request, () -> false));
        return out;
    }

    @Benchmark
    public List<SliceMask> oneEngineCall() throws Exception {
        return propagator.runAll(slice, 0, tries, request, () -> false);
    }
}
