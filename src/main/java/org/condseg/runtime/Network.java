package org.condseg.runtime;

import java.util.List;

import org.condseg.model.RunException;
import org.condseg.model.Tensor;

/**
 * A loaded model: tensors in, tensors out. Implementations hold one engine session, reused for every
 * call, and release it on {@link #close()}. Calls may come from several threads; implementations
 * serialise them where the engine needs it.
 *
 * <pre>{@code
 * try (Network net = Networks.open(spec, SegmentOptions.defaults())) {
 *     Tensor out = net.run(List.of(input)).get(0);
 * }
 * }</pre>
 */
public interface Network extends AutoCloseable {

    /** Runs the model on its inputs (in the model's input order) and returns its outputs in order. */
    List<Tensor> run(List<Tensor> inputs) throws RunException;

    /** The device the session runs on, e.g. "cpu" or "gpu(0)". */
    String device();

    @Override
    void close();
}
