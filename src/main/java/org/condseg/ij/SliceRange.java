package org.condseg.ij;

import java.util.ArrayList;
import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.UsageException;
import org.condseg.segment.Propagator;

/**
 * The slices {@code first..last} an object spans (the {@code first} and {@code last} keys of Segment
 * Image, 1-based; 0 and 0 for none): for a 2D model that propagates, the slices propagation stays
 * within; otherwise (a volumetric model) a rectangle drawn on one slice stretched over them, the box it
 * needs. A 3D model given a rectangle of one slice is refused with a message saying how to give the
 * range (it would otherwise find next to nothing).
 *
 * <pre>{@code
 * SliceRange.Bounded b = SliceRange.of(spec, propagate, objects, 5, 20, imp.getNSlices());
 * // b.objects(): boxes spanning slices 5..20 for a 3D model; b.ends(): propagation kept within them, or null
 * }</pre>
 */
public final class SliceRange {

    private SliceRange() {
    }

    /**
     * The objects as the model takes them, and where propagation ends.
     *
     * @param ends propagation kept within the range (the default rules where none is given), or {@code null}
     *        where the model does not propagate 2D prompts
     */
    public record Bounded(List<RoiPrompts.Prompted> objects, Propagator.Ends ends) {
    }

    /**
     * Applies slices {@code first..last} (1-based; 0 and 0 for none) to the objects for {@code spec}.
     *
     * @throws UsageException where the range does not lie in the stack, or a 3D model's box covers one slice
     */
    public static Bounded of(ModelSpec spec, boolean propagate, List<RoiPrompts.Prompted> objects, int first, int last, int slices)
            throws UsageException {
        boolean given = first != 0 || last != 0;
        if (given && (first < 1 || last > slices || first > last))
            throw new UsageException("first=" + first + " last=" + last + " do not lie in 1.." + slices + " with first <= last");
        if (propagate && spec.spatialDims() == 2)
            return new Bounded(objects, given ? Propagator.Ends.defaults().between(first - 1, last - 1) : Propagator.Ends.defaults());
        List<RoiPrompts.Prompted> out = given ? stretched(objects, first, last) : objects;
        check3d(spec, out);
        return new Bounded(out, null);
    }

    /** The objects with every box spanning slices {@code first..last} (1-based). */
    private static List<RoiPrompts.Prompted> stretched(List<RoiPrompts.Prompted> objects, int first, int last) {
        List<RoiPrompts.Prompted> out = new ArrayList<>();
        for (RoiPrompts.Prompted o : objects) {
            Prompts p = o.prompts();
            List<Box> boxes = p.boxes().stream().map(b -> new Box(b.x(), b.y(), b.width(), b.height(), first - 1, last - first + 1)).toList();
            out.add(new RoiPrompts.Prompted(o.frame(), new Prompts(p.clicks(), boxes, p.mask(), p.className())));
        }
        return out;
    }

    /** Refuses a 3D interactive model's box of one slice. */
    private static void check3d(ModelSpec spec, List<RoiPrompts.Prompted> objects) throws UsageException {
        if (spec.spatialDims() != 3 || spec.conditioning().task() != Conditioning.Task.INTERACTIVE)
            return;
        for (RoiPrompts.Prompted o : objects)
            for (Box b : o.prompts().boxes())
                if (b.depth() == 1)
                    throw new UsageException("model " + spec.id() + " is a 3D model and the rectangle covers one slice ("
                            + (b.z() + 1) + "); give the slices it spans with first=N last=M, or use a 2D model with propagate");
    }
}
