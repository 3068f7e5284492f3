package org.condseg.refine;

/**
 * One refinement step: changes a {@link LabelGrid} in place. Each label is refined on its own; voxels
 * of one label never become another label's.
 *
 * <pre>{@code
 * RefineStep step = new FillHoles(false);
 * step.apply(grid, RefineContext.NONE);
 * }</pre>
 */
sealed interface RefineStep permits FillHoles, KeepLargest, MinSize, Morphology, GraphCut, DenseCrf {

    void apply(LabelGrid grid, RefineContext context);

    /** The step as written in a step list ({@code open:1.5mm}). */
    String text();

    /** Whether the step reads the image's intensities. */
    default boolean needsImage() {
        return false;
    }
}
