package org.condseg.io;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.condseg.model.AxisSpec;
import org.condseg.model.ModelPackageException;
import org.condseg.model.Processing;
import org.condseg.model.TensorSpec;

/**
 * The checks across tensors that the bioimage.io specification makes: tensor ids unique over inputs and
 * outputs, size references to an existing, independently sized, non-batch axis (inputs may refer to
 * inputs only), and processing that refers to tensors it may see.
 *
 * <pre>{@code
 * TensorChecks.check(rdf, inputs, outputs); // ModelPackageException naming the tensor and axis
 * }</pre>
 */
final class TensorChecks {

    private TensorChecks() {
    }

    static void check(Path rdf, List<TensorSpec> inputs, List<TensorSpec> outputs) throws ModelPackageException {
        Set<String> seen = new HashSet<>();
        for (TensorSpec t : concat(inputs, outputs))
            if (!seen.add(t.id()))
                throw new ModelPackageException(rdf, "tensor id '" + t.id() + "' is used twice; ids must be unique over inputs and outputs");
        for (TensorSpec t : inputs)
            checkReferences(rdf, t, inputs, "inputs");
        for (TensorSpec t : outputs)
            checkReferences(rdf, t, concat(inputs, outputs), "inputs or outputs");
    }

    private static void checkReferences(Path rdf, TensorSpec t, List<TensorSpec> visible, String where) throws ModelPackageException {
        for (AxisSpec a : t.axes()) {
            AxisSpec.SizeReference r = a.reference();
            if (r == null)
                continue;
            TensorSpec ref = find(visible, r.tensorId());
            int k = ref == null ? -1 : ref.indexOf(r.axisId());
            if (k < 0)
                throw new ModelPackageException(rdf, "axis " + t.id() + "." + a.id() + " takes its size from " + r.tensorId() + "."
                        + r.axisId() + ", which is not an axis of the " + where);
            AxisSpec target = ref.axes().get(k);
            if (target.type().equals("batch") || target.reference() != null || ref == t && target == a)
                throw new ModelPackageException(rdf, "axis " + t.id() + "." + a.id() + " takes its size from " + r.tensorId() + "."
                        + r.axisId() + ", which is a batch axis, referenced itself, or sized by a reference");
        }
        for (Processing p : t.processing()) {
            String ref = p instanceof Processing.ScaleRange s ? s.referenceTensor()
                    : p instanceof Processing.ScaleMeanVariance m ? m.referenceTensor() : null;
            if (ref != null && find(visible, ref) == null)
                throw new ModelPackageException(rdf, "processing of " + t.id() + " refers to tensor '" + ref + "', which is not one of the "
                        + where);
        }
    }

    private static TensorSpec find(List<TensorSpec> tensors, String id) {
        return tensors.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    private static List<TensorSpec> concat(List<TensorSpec> a, List<TensorSpec> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
