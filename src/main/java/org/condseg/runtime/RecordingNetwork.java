package org.condseg.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.condseg.model.RunException;
import org.condseg.model.Tensor;

/**
 * A {@link Network} that passes calls through and keeps a copy of every input and the time each call
 * took, so a benchmark can replay exactly the same engine calls through {@link RawOrt}.
 *
 * <pre>{@code
 * RecordingNetwork rec = new RecordingNetwork(net);
 * segmenter(rec).segment(...);
 * List<List<Tensor>> calls = rec.calls();
 * }</pre>
 */
public final class RecordingNetwork implements Network {

    private final Network inner;
    private final List<List<Tensor>> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile long nanos;

    public RecordingNetwork(Network inner) {
        this.inner = inner;
    }

    @Override
    public List<Tensor> run(List<Tensor> inputs) throws RunException {
        List<Tensor> copy = new ArrayList<>();
        for (Tensor t : inputs)
            copy.add(new Tensor(t.name(), t.shape().clone(), t.data().clone()));
        calls.add(copy);
        long t0 = System.nanoTime();
        List<Tensor> out = inner.run(inputs);
        synchronized (this) {
            nanos += System.nanoTime() - t0;
        }
        return out;
    }

    /** The recorded calls' inputs, in order. */
    public List<List<Tensor>> calls() {
        return List.copyOf(calls);
    }

    /** The time spent inside the wrapped network's {@code run}, in nanoseconds. */
    public long nanosInNetwork() {
        return nanos;
    }

    /** Forgets what was recorded. */
    public synchronized void clear() {
        calls.clear();
        nanos = 0;
    }

    @Override
    public String device() {
        return inner.device();
    }

    @Override
    public void close() {
        inner.close();
    }
}
