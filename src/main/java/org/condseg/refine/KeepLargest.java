package org.condseg.refine;

/**
 * {@code largest}: of each label, only its largest connected component stays (components connect
 * through faces, edges and corners); the others become background. Of equal components the first in
 * x, y, z order stays.
 *
 * <pre>{@code
 * new KeepLargest().apply(grid, ctx);   // two blobs of label 1 (10 and 20 voxels): the 20 stay
 * }</pre>
 */
record KeepLargest() implements RefineStep {

    @Override
    public void apply(LabelGrid g, RefineContext context) {
        Components c = Components.of(g, false);
        int[] best = new int[g.maxLabel() + 1];
        java.util.Arrays.fill(best, -1);
        for (int k = 0; k < c.count(); k++) {
            int v = c.value(k);
            if (v != 0 && (best[v] < 0 || c.size(k) > c.size(best[v])))
                best[v] = k;
        }
        for (int i = 0; i < g.size(); i++) {
            int v = g.get(i);
            if (v != 0 && c.id[i] != best[v])
                g.set(i, 0);
        }
    }

    @Override
    public String text() {
        return "largest";
    }
}
