package org.condseg.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.condseg.model.AxisSpec;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.TensorSpec;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * Checks that the ONNX graph fits its description, binding tensors by position as bioimage.io does (the
 * description's tensor ids need not be the graph's names): as many inputs and outputs, each of the same
 * rank, of float type, no axis fixed at size 0, and where the graph fixes an input axis's size, a size the
 * description allows. A
 * mismatch is a bad model (exit code 4), found when it is opened rather than on the first tile.
 *
 * <pre>{@code
 * OnnxSignature.check(spec); // ModelPackageException naming the tensor and the axis
 * }</pre>
 */
final class OnnxSignature {

    /** One graph input or output: its name, shape (-1 where free) and element type. */
    record Port(String name, long[] shape, OnnxJavaType type) {
    }

    private OnnxSignature() {
    }

    /** The graph's inputs and outputs, in order, read without optimising the graph. */
    static List<List<Port>> ports(ModelSpec spec) throws ModelPackageException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            o.setIntraOpNumThreads(1);
            o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            try (OrtSession s = OrtEnvironment.getEnvironment().createSession(spec.weights().toString(), o)) {
                return List.of(ports(s.getInputInfo()), ports(s.getOutputInfo()));
            }
        } catch (OrtException | RuntimeException e) {
            throw new ModelPackageException(spec.weights(), "ONNX weights do not load: " + OrtNetwork.firstLine(e), e);
        }
    }

    private static List<Port> ports(Map<String, NodeInfo> info) {
        List<Port> out = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> e : info.entrySet())
            out.add(e.getValue().getInfo() instanceof TensorInfo t ? new Port(e.getKey(), t.getShape(), t.type)
                    : new Port(e.getKey(), null, null));
        return out;
    }

    static void check(ModelSpec spec) throws ModelPackageException {
        List<List<Port>> graph = ports(spec);
        check(spec, graph.get(0), spec.inputs(), "input", true);
        check(spec, graph.get(1), spec.outputs(), "output", false);
    }

    private static void check(ModelSpec spec, List<Port> ports, List<TensorSpec> declared, String what, boolean sizes)
            throws ModelPackageException {
        if (ports.size() != declared.size())
            throw new ModelPackageException(spec.weights(), "the ONNX graph has " + ports.size() + " " + what + "s "
                    + ports.stream().map(Port::name).toList() + " but the model description declares " + declared.size() + " "
                    + declared.stream().map(TensorSpec::id).toList() + " (tensors are bound by position)");
        for (int i = 0; i < ports.size(); i++) {
            Port p = ports.get(i);
            TensorSpec t = declared.get(i);
            String label = "ONNX " + what + " " + i + " (" + p.name() + ", described as " + t.id() + ")";
            if (p.shape() == null)
                throw new ModelPackageException(spec.weights(), label + " is not a tensor");
            if (p.type() != OnnxJavaType.FLOAT)
                throw new ModelPackageException(spec.weights(), label + " has element type " + p.type()
                        + "; CondSeg feeds and reads float32 tensors only");
            if (p.shape().length != t.axes().size())
                throw new ModelPackageException(spec.weights(), label + " has " + p.shape().length
                        + " axes, the description declares " + t.axes().size() + " " + t.axisIds());
            for (int k = 0; k < p.shape().length; k++)
                if (p.shape()[k] == 0)
                    throw new ModelPackageException(spec.weights(), label + " has a fixed size of 0 on axis " + k + " ("
                            + t.axes().get(k).id() + "): it can hold no data");
            if (!sizes)
                continue;
            for (int k = 0; k < p.shape().length; k++) {
                AxisSpec a = t.axes().get(k);
                long s = p.shape()[k];
                if (s <= 0 || a.fixed() && a.size() == 0 || a.reference() != null)
                    continue; // free in the graph, or of unknown size in the description
                if (!a.fixed() || a.size() != s)
                    throw new ModelPackageException(spec.weights(), label + " has size " + s + " on axis " + k + " ("
                            + a.id() + "), the description declares "
                            + (a.fixed() ? "size " + a.size() : "min " + a.min() + " step " + a.step()));
            }
        }
    }
}
