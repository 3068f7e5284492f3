/**
 * The bridge to ImageJ 1, and the only core-side package importing {@code ij.*}: ImagePlus to
 * {@link org.condseg.model.Volume} (sharing pixels where ImageJ's planes allow), label images back to
 * ImagePlus with the input's calibration, a distinct-colours LUT and the provenance, and image files by
 * extension: TIFF/PNG through ImageJ's own readers and writers, NIfTI, MetaImage, NRRD and DICOM
 * through {@code org.condseg.io}'s, other formats through Bio-Formats where present; the geometry of a
 * medical input travels with the ImagePlus to the label image written for it. Writes are atomic.
 * What the ImageJ front ends share lives here too, so that they stay thin: prompts from what the user
 * drew ({@link org.condseg.ij.RoiPrompts}), the segmentation of a whole (hyper)stack into ImagePlus
 * results ({@link org.condseg.ij.ImageSegmentation}), label ROIs and measurements, evaluation tables
 * and the status-bar progress adapter.
 */
package org.condseg.ij;
