/**
 * The bridge to ImageJ 1, and the only core-side package importing {@code ij.*}: ImagePlus to
 * {@link org.condseg.model.Volume} (sharing pixels where ImageJ's planes allow), label images back to
 * ImagePlus with the input's calibration, a distinct-colours LUT and the provenance, and TIFF/PNG
 * files read and written through ImageJ's own readers and writers, atomically.
 */
package org.condseg.ij;
