package org.condseg.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.condseg.model.AxisSpec;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.TensorSpec;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * Checks that the ONNX graph takes the inputs its description declares: the same names, in order, of
 * the same rank, and where the graph fixes an axis's size, a size the description fixes too. A
 * mismatch is a bad model (exit code 4), found when it is opened rather than on the first tile.
 *
 * <pre>{@code
 * OnnxSignature.check(spec); // ModelPackageException naming the input and the axis
 * }</pre>
 */
final class OnnxSignature {

    private OnnxSignature() {
    }

    /** The graph's inputs (name and shape, -1 where free), read without optimising the graph. */
    static Map<String, long[]> inputs(ModelSpec spec) throws ModelPackageException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            o.setIntraOpNumThreads(1);
            try (OrtSession s = OrtEnvironment.getEnvironment().createSession(spec.weights().toString(), o)) {
                Map<String, long[]> out = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, NodeInfo> e : s.getInputInfo().entrySet())
                    out.put(e.getKey(), e.getValue().getInfo() instanceof TensorInfo t ? t.getShape() : null);
                return out;
            }
        } catch (OrtException | RuntimeException e) {
            throw new ModelPackageException(spec.weights(), "ONNX weights do not load: " + OrtNetwork.firstLine(e), e);
        }
    }

    static void check(ModelSpec spec) throws ModelPackageException {
        Map<String, long[]> graph = inputs(spec);
        List<String> names = new ArrayList<>(graph.keySet()), declared = spec.inputs().stream().map(TensorSpec::id).toList();
        if (!names.equals(declared))
            throw new ModelPackageException(spec.weights(), "the ONNX graph takes inputs " + names
                    + " but the model description declares " + declared);
        for (TensorSpec t : spec.inputs()) {
            long[] shape = graph.get(t.id());
            if (shape == null)
                throw new ModelPackageException(spec.weights(), "ONNX input " + t.id() + " is not a tensor");
            if (shape.length != t.axes().size())
                throw new ModelPackageException(spec.weights(), "ONNX input " + t.id() + " has " + shape.length
                        + " axes, the description declares " + t.axes().size() + " (" + ids(t) + ")");
            for (int i = 0; i < shape.length; i++) {
                AxisSpec a = t.axes().get(i);
                if (shape[i] <= 0 || a.fixed() && a.size() == 0)
                    continue; // free in the graph, or of unknown size in the description
                if (!a.fixed() || a.size() != shape[i])
                    throw new ModelPackageException(spec.weights(), "ONNX input " + t.id() + " has size " + shape[i]
                            + " on axis " + i + " (" + a.id() + "), the description declares "
                            + (a.fixed() ? "size " + a.size() : "min " + a.min() + " step " + a.step()));
            }
        }
    }

    private static String ids(TensorSpec t) {
        StringBuilder sb = new StringBuilder();
        for (AxisSpec a : t.axes())
            sb.append(a.id());
        return sb.toString();
    }
}
