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
 * Image, 1-based; 0 and 0 for none): for a volumetric model, a rectangle drawn on one slice stretched
 * over them (the box it needs); for a 2D model that propagates, the slices propagation stays within
 * ({@link #ends}). A 3D model given a rectangle of one slice is refused with a message saying how to
 * give the range (it would otherwise find next to nothing).
 *
 * <pre>{@code
 * objects = SliceRange.apply(objects, 5, 20, imp.getNSlices()); // boxes now span slices 5..20
 * SliceRange.check3d(spec, objects);
 * }</pre>
 */
public final class SliceRange {

    private SliceRange() {
    }

    /** The objects with every box spanning slices {@code first..last} (1-based); unchanged where both are 0. */
    public static List<RoiPrompts.Prompted> apply(List<RoiPrompts.Prompted> objects, int first, int last, int slices) throws UsageException {
        if (first == 0 && last == 0)
            return objects;
        if (first < 1 || last > slices || first > last)
            throw new UsageException("first=" + first + " last=" + last + " do not lie in 1.." + slices + " with first <= last");
        List<RoiPrompts.Prompted> out = new ArrayList<>();
        for (RoiPrompts.Prompted o : objects) {
            Prompts p = o.prompts();
            List<Box> boxes = p.boxes().stream().map(b -> new Box(b.x(), b.y(), b.width(), b.height(), first - 1, last - first + 1)).toList();
            out.add(new RoiPrompts.Prompted(o.frame(), new Prompts(p.clicks(), boxes, p.mask(), p.className())));
        }
        return out;
    }

    /**
     * Where propagation ends: the default rules, kept within slices {@code first..last} (1-based) where given.
     *
     * @throws UsageException where the range does not lie in the stack
     */
    public static Propagator.Ends ends(int first, int last, int slices) throws UsageException {
        if (first == 0 && last == 0)
            return Propagator.Ends.defaults();
        if (first < 1 || last > slices || first > last)
            throw new UsageException("first=" + first + " last=" + last + " do not lie in 1.." + slices + " with first <= last");
        return Propagator.Ends.defaults().between(first - 1, last - 1);
    }

    /** Whether {@code spec} propagates 2D prompts (so first..last bound propagation rather than stretch boxes). */
    public static boolean propagates(ModelSpec spec, boolean propagate) {
        return propagate && spec.spatialDims() == 2;
    }

    /** Refuses a 3D interactive model's box of one slice. */
    public static void check3d(ModelSpec spec, List<RoiPrompts.Prompted> objects) throws UsageException {
        if (spec.spatialDims() != 3 || spec.conditioning().task() != Conditioning.Task.INTERACTIVE)
            return;
        for (RoiPrompts.Prompted o : objects)
            for (Box b : o.prompts().boxes())
                if (b.depth() == 1)
                    throw new UsageException("model " + spec.id() + " is a 3D model and the rectangle covers one slice ("
                            + (b.z() + 1) + "); give the slices it spans with first=N last=M, or use a 2D model with propagate");
    }
}
