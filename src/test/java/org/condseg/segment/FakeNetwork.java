package org.condseg.segment;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.condseg.model.Tensor;
import org.condseg.runtime.Network;

/**
 * A network without an engine, for fast tests of what lies around the model: an interactive one that
 * answers "the bright pixels inside the box" (logit +8 where the standardised image is above 0 and the
 * box channel is set, -8 elsewhere), or, for a model without a condition, the identity. It counts its calls.
 */
final class FakeNetwork implements Network {

    final AtomicInteger calls = new AtomicInteger();
    private final boolean interactive;

    private FakeNetwork(boolean interactive) {
        this.interactive = interactive;
    }

    static FakeNetwork brightInBox() {
        return new FakeNetwork(true);
    }

    static FakeNetwork identity() {
        return new FakeNetwork(false);
    }

    @Override
    public List<Tensor> run(List<Tensor> inputs) {
        calls.incrementAndGet();
        Tensor in = inputs.get(0);
        if (!interactive)
            return List.of(new Tensor("output", in.shape(), in.data().clone()));
        long[] s = in.shape(); // [N, 4, Y, X]: image, positive, negative, box
        int n = (int) s[0], c = (int) s[1], plane = (int) (s[2] * s[3]);
        float[] out = new float[n * plane];
        for (int k = 0; k < n; k++)
            for (int i = 0; i < plane; i++) {
                float image = in.data()[(k * c) * plane + i], box = in.data()[(k * c + 3) * plane + i];
                out[k * plane + i] = image > 0 && box > 0.5f ? 8 : -8;
            }
        return List.of(new Tensor("logits", new long[] {n, 1, s[2], s[3]}, out));
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public void close() {
    }
}
