package org.condseg.runtime;

import java.util.List;

import org.condseg.model.RunException;
import org.condseg.model.Tensor;

/**
 * A network whose answers are checked: an output holding NaN or infinite values (a broken export, an
 * overflow) is a failure of the model, reported with its name (exit code 5), instead of probabilities
 * that thresholding would silently make background.
 *
 * <pre>{@code
 * Network checked = new FiniteOutputs(network, spec.id());
 * checked.run(inputs); // RunException "model x: output 0 holds 4096 NaN or infinite value(s) ..."
 * }</pre>
 */
public final class FiniteOutputs implements Network {

    private final Network network;
    private final String model;

    public FiniteOutputs(Network network, String model) {
        this.network = network;
        this.model = model;
    }

    @Override
    public List<Tensor> run(List<Tensor> inputs) throws RunException {
        List<Tensor> out = network.run(inputs);
        for (int k = 0; k < out.size(); k++) {
            float[] v = out.get(k).data();
            long bad = 0;
            int first = -1;
            for (int i = 0; i < v.length; i++)
                if (!Float.isFinite(v[i]) && bad++ == 0)
                    first = i;
            if (bad > 0)
                throw new RunException(model, "output " + k + (out.get(k).name().isEmpty() ? "" : " (" + out.get(k).name() + ")")
                        + " holds " + bad + " NaN or infinite value(s) of " + v.length + " (first at index " + first + ": "
                        + v[first] + "); the model or its inputs' scaling is broken", null);
        }
        return out;
    }

    @Override
    public String device() {
        return network.device();
    }

    @Override
    public void close() {
        network.close();
    }
}
