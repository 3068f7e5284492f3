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
 * @param tolerances {@code config.bioimageio.reproducibility_tolerance}, in order (may be empty)
 * @param volumeStatistics {@code config.condseg.scaling_scope: volume}: the first input's preprocessing statistics are
 *        those of a whole volume (a 2D model run slice by slice), so its test input carries them already
 */
public record ModelSpec(Path folder, String id, String name, String formatVersion, List<TensorSpec> inputs,
        List<TensorSpec> outputs, Path weights, String sha256, Conditioning conditioning, List<Tolerance> tolerances,
        boolean volumeStatistics) {

    public ModelSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        tolerances = List.copyOf(tolerances);
        if (inputs.isEmpty() || outputs.isEmpty())
            throw new IllegalArgumentException("model " + id + " declares " + inputs.size() + " inputs and "
                    + outputs.size() + " outputs");
    }

    public ModelSpec(Path folder, String id, String name, String formatVersion, List<TensorSpec> inputs,
            List<TensorSpec> outputs, Path weights, String sha256, Conditioning conditioning) {
        this(folder, id, name, formatVersion, inputs, outputs, weights, sha256, conditioning, List.of(), false);
    }

    /**
     * The tolerance for reproducing output {@code outputId} from ONNX weights: the first matching entry of
     * {@link #tolerances()}, else the specification's default for the description's format.
     */
    public Tolerance tolerance(String outputId) {
        for (Tolerance t : tolerances)
            if (t.appliesTo(outputId, "onnx"))
                return t;
        return formatVersion.startsWith("0.4") ? Tolerance.FORMAT_04 : Tolerance.DEFAULT;
    }

    /** The tensor (input or output) with this id, or {@code null}. */
    public TensorSpec tensor(String tensorId) {
        for (TensorSpec t : inputs)
            if (t.id().equals(tensorId))
                return t;
        for (TensorSpec t : outputs)
            if (t.id().equals(tensorId))
                return t;
        return null;
    }

    /**
     * The shape output {@code out} has for inputs of the given shapes (in input order): a batch axis takes
     * the inputs' batch size, a fixed axis its size, a referenced axis
     * {@code floor(ref.size * ref.scale / scale + offset)}; -1 where the description leaves it open.
     */
    public long[] outputShape(TensorSpec out, List<long[]> inputShapes) {
        long batch = 1;
        for (int i = 0; i < inputs.size() && i < inputShapes.size(); i++) {
            int b = inputs.get(i).indexOf("batch");
            if (b >= 0 && inputs.get(i).axes().get(b).type().equals("batch"))
                batch = inputShapes.get(i)[b];
        }
        long[] shape = new long[out.axes().size()];
        for (int d = 0; d < shape.length; d++) {
            AxisSpec a = out.axes().get(d);
            if (a.type().equals("batch")) {
                shape[d] = batch;
            } else if (a.reference() != null) {
                TensorSpec ref = tensor(a.reference().tensorId());
                int k = ref == null ? -1 : ref.indexOf(a.reference().axisId());
                int in = inputs.indexOf(ref);
                if (k < 0) {
                    shape[d] = -1;
                } else {
                    AxisSpec r = ref.axes().get(k);
                    long refSize = in >= 0 && in < inputShapes.size() ? inputShapes.get(in)[k] : r.fixed() && r.size() > 0 ? r.size() : -1;
                    shape[d] = refSize < 0 ? -1 : a.sizeFrom(refSize, r.scale());
                }
            } else {
                shape[d] = a.fixed() && a.size() > 0 ? a.size() : -1;
            }
        }
        return shape;
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
