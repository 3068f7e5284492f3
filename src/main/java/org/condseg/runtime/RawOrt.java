package org.condseg.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.condseg.model.RunException;
import org.condseg.model.Tensor;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * ONNX Runtime called directly, without DJL or anything of ours around it: the reference the
 * benchmark measures CondSeg's overhead against. Inputs are copied into direct buffers before the
 * clock starts; only {@code session.run} is timed.
 *
 * <pre>{@code
 * try (RawOrt raw = new RawOrt(spec.weights(), 2)) {
 *     long ns = raw.time(recorded.calls());
 * }
 * }</pre>
 */
public final class RawOrt implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<String> inputNames;

    public RawOrt(Path weights, int threads) throws RunException {
        this(weights, threads, false);
    }

    /** A session on the first GPU (ONNX Runtime's CUDA provider) where {@code gpu}, as DJL makes it for device gpu(0). */
    public RawOrt(Path weights, int threads, boolean gpu) throws RunException {
        Offline.ensure();
        env = EngineThreads.call(() -> {
            Engine.getEngine("OnnxRuntime"); // DJL must create the thread pool first (FACTS.md)
            return OrtEnvironment.getEnvironment();
        });
        session = EngineThreads.call(() -> {
            try (OrtSession.SessionOptions o = SessionSettings.create(threads)) {
                if (gpu)
                    o.addCUDA(0);
                return env.createSession(weights.toString(), o);
            } catch (OrtException e) {
                throw new RunException(weights.toString(), "ONNX Runtime cannot open the weights: " + e.getMessage(), e);
            }
        });
        inputNames = List.copyOf(session.getInputNames());
    }

    /** Runs every call once and returns the summed time of the {@code run} calls alone, in nanoseconds. */
    public long time(List<List<Tensor>> calls) throws RunException {
        return EngineThreads.call(() -> timeHere(calls));
    }

    private long timeHere(List<List<Tensor>> calls) throws RunException {
        long total = 0;
        for (List<Tensor> call : calls) {
            Map<String, OnnxTensor> in = new HashMap<>();
            try {
                for (int i = 0; i < call.size(); i++) {
                    Tensor t = call.get(i);
                    FloatBuffer fb = ByteBuffer.allocateDirect(t.data().length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
                    fb.put(t.data()).flip();
                    in.put(inputNames.get(i), OnnxTensor.createTensor(env, fb, t.shape()));
                }
                long t0 = System.nanoTime();
                try (OrtSession.Result r = session.run(in)) {
                    total += System.nanoTime() - t0;
                }
            } catch (OrtException e) {
                throw new RunException("raw ONNX Runtime", e.getMessage(), e);
            } finally {
                in.values().forEach(OnnxTensor::close);
            }
        }
        return total;
    }

    @Override
    public void close() {
        EngineThreads.call(() -> {
            try {
                session.close();
            } catch (OrtException e) {
                // closing a session that ran is not expected to fail; nothing to recover
            }
            return null;
        });
    }
}
