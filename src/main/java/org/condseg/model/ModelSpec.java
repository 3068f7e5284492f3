package org.condseg.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A model package as read from its folder: the tensors, the weights and the conditioning.
 *
 * <pre>{@code
 * ModelSpec spec = ModelPackageReader.read(Path.of("models/interactive-2d"));
 * Path onnx = spec.weights();
 * }</pre>
 *
 * @param folder the package folder
 * @param id the model id (the folder name)
 * @param name the human name from the description
 * @param formatVersion the description's format_version
 * @param inputs the input tensors
 * @param outputs the output tensors
 * @param weights the ONNX weights file
 * @param sha256 the weights' declared sha256 (lower-case hex), or {@code null} where none is declared
 * @param conditioning the {@code config.condseg} section, or {@link Conditioning#none()}
 */
public record ModelSpec(Path folder, String id, String name, String formatVersion, List<TensorSpec> inputs,
        List<TensorSpec> outputs, Path weights, String sha256, Conditioning conditioning) {

    public ModelSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty() || outputs.isEmpty())
            throw new IllegalArgumentException("model " + id + " declares " + inputs.size() + " inputs and "
                    + outputs.size() + " outputs");
    }

    /** The first input, which carries the image. */
    public TensorSpec input() {
        return inputs.get(0);
    }

    /** The first output, which carries the segmentation. */
    public TensorSpec output() {
        return outputs.get(0);
    }

    /** The number of space axes of the first input: 2 or 3. */
    public int spatialDims() {
        return input().spaceAxes().size();
    }
}
