package org.condseg.refine;

/**
 * {@code fill-holes}: background enclosed by one label becomes that label. A hole is a connected
 * background region (through faces) that touches neither the grid's border nor any other label; a
 * region between two labels stays background. In a volume holes are 3D (a tube open at its ends has
 * none); {@code fill-holes:slices} fills each slice's 2D holes instead.
 *
 * <pre>{@code
 * new FillHoles(false).apply(grid, ctx);   // a ring of label 2 becomes a disk of label 2
 * }</pre>
 */
record FillHoles(boolean slices) implements RefineStep {

    static FillHoles parse(String argument) {
        if (argument == null)
            return new FillHoles(false);
        if (argument.equals("slices") || argument.equals("2d"))
            return new FillHoles(true);
        throw new IllegalArgumentException("takes no argument or 'slices'");
    }

    @Override
    public void apply(LabelGrid g, RefineContext context) {
        Components c = Components.of(g, slices);
        for (int i = 0; i < g.size(); i++) {
            if (g.get(i) != 0)
                continue;
            int comp = c.id[i];
            if (!c.touchesBorder(comp) && c.neighbour(comp) > 0)
                g.set(i, c.neighbour(comp));
        }
    }

    @Override
    public String text() {
        return slices ? "fill-holes:slices" : "fill-holes";
    }
}
