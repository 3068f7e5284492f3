package org.condseg.model;

import java.util.List;

/**
 * One input or output tensor of a model description.
 *
 * <pre>{@code
 * TensorSpec in = spec.inputs().get(0);
 * int channels = in.axis("channel").size();
 * }</pre>
 *
 * @param id the tensor name the ONNX graph uses
 * @param axes the axes in tensor order
 * @param dataType e.g. "float32"
 * @param processing preprocessing (inputs) or postprocessing (outputs), in order
 * @param testTensor the file name of the test tensor (.npy) in the package, or {@code null}
 */
public record TensorSpec(String id, List<AxisSpec> axes, String dataType, List<Processing> processing, String testTensor) {

    public TensorSpec {
        axes = List.copyOf(axes);
        processing = List.copyOf(processing);
    }

    /** The first axis of the given type, or {@code null}. */
    public AxisSpec axis(String type) {
        return axes.stream().filter(a -> a.type().equals(type)).findFirst().orElse(null);
    }

    /** The space axes in tensor order, e.g. z, y, x. */
    public List<AxisSpec> spaceAxes() {
        return axes.stream().filter(a -> a.type().equals("space")).toList();
    }

    /** The number of channels (1 where there is no channel axis). */
    public int channels() {
        AxisSpec c = axis("channel");
        return c == null ? 1 : c.size();
    }
}
