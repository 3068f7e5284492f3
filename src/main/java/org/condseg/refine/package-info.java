/**
 * Classic refinement of label images, after any model or on any label image: fill holes, keep the
 * largest component, remove objects under a size, opening and closing (all per label, 2D and 3D, sizes
 * and radii in the image's calibrated units), and edge-aware refinement from the image (a graph cut on
 * the voxel grid, a fully connected CRF). {@link org.condseg.refine.Refinement#parse} reads a list of
 * steps such as {@code fill-holes,largest,open:1.5mm,graphcut}; {@link org.condseg.refine.Refinement#apply}
 * runs them. The package works on imglib2 images and the model's values only: no ImageJ, no engine.
 */
package org.condseg.refine;
