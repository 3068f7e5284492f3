package org.condseg.refine;

/**
 * {@code min-size:Q}: connected components (per label) smaller than {@code Q} become background.
 * {@code Q} is a voxel count ({@code 50px}), a volume ({@code 20mm3}, {@code 0.5ml}; the image's voxel
 * volume from its calibration) or an area ({@code 4mm2}: in a volume, each slice's 2D components are
 * measured).
 *
 * <pre>{@code
 * MinSize.parse("20mm3").apply(grid, ctx);   // at 0.5 × 0.5 × 1 mm, components under 80 voxels go
 * }</pre>
 */
record MinSize(Quantity size) implements RefineStep {

    static MinSize parse(String argument) {
        if (argument == null)
            throw new IllegalArgumentException("needs a size, e.g. min-size:20mm3, min-size:4mm2 or min-size:50px");
        Quantity q = Quantity.parse(argument);
        if (!q.pixels() && q.power() == 1)
            throw new IllegalArgumentException("'" + argument + "' is a length; give an area (mm2), a volume (mm3) or px");
        return new MinSize(q);
    }

    @Override
    public void apply(LabelGrid g, RefineContext context) {
        boolean slices = size.power() == 2;
        double perVoxel;
        if (size.pixels()) {
            perVoxel = 1;
            slices = false;
        } else {
            if (!g.calibrated)
                throw new IllegalArgumentException(text() + ": the image is not calibrated in a length unit; give the size in px");
            if (size.power() == 3 && !g.is3d())
                throw new IllegalArgumentException(text() + ": a volume, but the image is 2D; give an area (mm2) or px");
            perVoxel = g.spacing[0] * g.spacing[1] * (size.power() == 3 ? g.spacing[2] : 1);
        }
        double limit = size.pixels() ? size.value() : size.inMillimetres();
        Components c = Components.of(g, slices);
        boolean[] small = new boolean[c.count()];
        for (int k = 0; k < c.count(); k++)
            small[k] = c.value(k) != 0 && c.size(k) * perVoxel < limit * (1 - 1e-9);
        for (int i = 0; i < g.size(); i++)
            if (small[c.id[i]])
                g.set(i, 0);
    }

    @Override
    public String text() {
        return "min-size:" + size;
    }
}
