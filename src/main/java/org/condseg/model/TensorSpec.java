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
 * @param id the tensor id in the description; tensors are bound to the ONNX graph's inputs and outputs by
 *        position, as bioimage.io does, so the id need not be the graph's name
 * @param axes the axes in tensor order
 * @param dataType e.g. "float32"
 * @param processing preprocessing (inputs) or postprocessing (outputs), in order
 * @param testTensor the file name of the test tensor (.npy) in the package, or {@code null}
 * @param testSha256 the test tensor's declared sha256 (lower-case hex), or {@code null}
 */
public record TensorSpec(String id, List<AxisSpec> axes, String dataType, List<Processing> processing, String testTensor,
        String testSha256) {

    public TensorSpec {
        axes = List.copyOf(axes);
        processing = List.copyOf(processing);
        if (axes.stream().map(AxisSpec::id).distinct().count() != axes.size())
            throw new IllegalArgumentException("tensor " + id + " has duplicate axis ids " + axes.stream().map(AxisSpec::id).toList());
    }

    public TensorSpec(String id, List<AxisSpec> axes, String dataType, List<Processing> processing, String testTensor) {
        this(id, axes, dataType, processing, testTensor, null);
    }

    /** The first axis of the given type, or {@code null}. */
    public AxisSpec axis(String type) {
        return axes.stream().filter(a -> a.type().equals(type)).findFirst().orElse(null);
    }

    /** The space axes in tensor order, e.g. z, y, x. */
    public List<AxisSpec> spaceAxes() {
        return axes.stream().filter(a -> a.type().equals("space")).toList();
    }

    /** The position of the axis with this id, or -1. */
    public int indexOf(String axisId) {
        for (int i = 0; i < axes.size(); i++)
            if (axes.get(i).id().equals(axisId))
                return i;
        return -1;
    }

    /** The axis ids in order, e.g. {@code [batch, channel, y, x]}. */
    public List<String> axisIds() {
        return axes.stream().map(AxisSpec::id).toList();
    }

    /** Whether any output axis has a halo. */
    public boolean hasHalo() {
        return axes.stream().anyMatch(a -> a.halo() > 0);
    }

    /** The number of channels (1 where there is no channel axis). */
    public int channels() {
        AxisSpec c = axis("channel");
        return c == null ? 1 : c.size();
    }
}
