package org.condseg.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.condseg.conditioning.InteractiveEncoder;
import org.condseg.conditioning.WindowPlanner;
import org.condseg.jmh.Fixtures;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Tensor;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * One engine call of interactive-2d on a real encoded input ([batch, 4, 128, 128], the box prompt on
 * the 512 × 512 slice), one intra-op thread, three ways, each session made with {@link SessionSettings}:
 * <ul>
 * <li>{@code network}: our {@link Network} (DJL): float[] in, copied into a reused direct buffer,
 * DJL's predictor, the output copied back into a float[];</li>
 * <li>{@code ortCopies}: ONNX Runtime's own Java API doing the same copies: float[] into a reused direct
 * buffer, a tensor over it, {@code session.run}, the output into a float[];</li>
 * <li>{@code ortRun}: {@code session.run} alone on a tensor made once (the engine's limit, as the
 * {@code benchmark} command's raw figure).</li>
 * </ul>
 * {@code network - ortCopies} is DJL's cost per call; {@code ortCopies - ortRun} that of the copies.
 *
 * <pre>{@code
 * java -jar jmh/target/condseg-jmh.jar EngineCallBenchmark -p batch=1
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class EngineCallBenchmark {

    /** Objects in one call (4 is one object with test-time augmentation). */
    @Param({"1", "4"})
    public int batch;

    private Network network;
    private Tensor input;
    private OrtEnvironment env;
    private OrtSession.SessionOptions options;
    private OrtSession session;
    private String inputName;
    private OnnxTensor pinned;
    private FloatBuffer buffer;
    private float[] output;

    @Setup
    public void setUp() throws Exception {
        ModelSpec spec = Fixtures.interactive();
        Conditioning cond = spec.conditioning();
        int channels = spec.input().channels(), gx = cond.grid()[0], gy = cond.grid()[1];
        var box = Fixtures.prompts("box").boxes().get(0);
        float[] one = InteractiveEncoder.encode(Fixtures.slice(), box, List.of(), null,
                WindowPlanner.around(box, cond.window(), cond.grid()), cond, channels);
        float[] data = new float[batch * one.length];
        for (int b = 0; b < batch; b++)
            System.arraycopy(one, 0, data, b * one.length, one.length);
        long[] shape = {batch, channels, gy, gx};
        input = new Tensor(spec.input().id(), shape, data);

        network = Networks.open(spec, SegmentOptions.defaults().withThreads(1), m -> {}); // starts DJL's engine first
        env = OrtEnvironment.getEnvironment();
        options = SessionSettings.create(1);
        session = env.createSession(spec.weights().toString(), options);
        inputName = session.getInputNames().iterator().next();
        buffer = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(data).flip();
        pinned = OnnxTensor.createTensor(env, buffer, shape);
        output = new float[batch * gx * gy];
    }

    @Benchmark
    public float[] network() throws Exception {
        return network.run(List.of(input)).get(0).data();
    }

    @Benchmark
    public float[] ortCopies() throws Exception {
        buffer.clear();
        buffer.put(input.data()).flip();
        try (OnnxTensor t = OnnxTensor.createTensor(env, buffer, input.shape());
                OrtSession.Result r = session.run(Map.of(inputName, t))) {
            ((OnnxTensor) r.get(0)).getFloatBuffer().get(output);
            return output;
        }
    }

    @Benchmark
    public int ortRun() throws Exception {
        try (OrtSession.Result r = session.run(Map.of(inputName, pinned))) {
            return r.size();
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        pinned.close();
        session.close();
        options.close();
        network.close();
    }
}
