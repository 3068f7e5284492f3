package org.condseg.plugins;

import java.util.ArrayList;
import java.util.List;

import org.condseg.ij.RoiPrompts;
import org.condseg.model.Box;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.UsageException;

/**
 * A rectangle drawn on one slice, stretched over the slices {@code first..last} (the {@code first} and
 * {@code last} keys of Segment Image): the box a volumetric model needs. A 3D model given a rectangle of
 * one slice is refused with a message saying how to give the range (it would otherwise find next to
 * nothing).
 *
 * <pre>{@code
 * objects = SliceRange.apply(objects, 5, 20, imp.getNSlices()); // boxes now span slices 5..20
 * SliceRange.check3d(spec, objects);
 * }</pre>
 */
final class SliceRange {

    private SliceRange() {
    }

    /** The objects with every box spanning slices {@code first..last} (1-based); unchanged where both are 0. */
    static List<RoiPrompts.Prompted> apply(List<RoiPrompts.Prompted> objects, int first, int last, int slices) throws UsageException {
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

    /** Refuses a 3D interactive model's box of one slice. */
    static void check3d(ModelSpec spec, List<RoiPrompts.Prompted> objects) throws UsageException {
        if (spec.spatialDims() != 3 || spec.conditioning().task() != Conditioning.Task.INTERACTIVE)
            return;
        for (RoiPrompts.Prompted o : objects)
            for (Box b : o.prompts().boxes())
                if (b.depth() == 1)
                    throw new UsageException("model " + spec.id() + " is a 3D model and the rectangle covers one slice ("
                            + (b.z() + 1) + "); give the slices it spans with first=N last=M, or use a 2D model with propagate");
    }
}
