/**
 * What the medical image readers and writers share: voxels held as ImageJ can hold them
 * ({@link org.condseg.io.medical.Voxels}: 8- and 16-bit unsigned, 32-bit float, RGB planes), the
 * world placement of the grid ({@link org.condseg.io.medical.Geometry}, LPS as ITK and DICOM use it),
 * a source's own header kept so that images made for it carry its geometry exactly, and the bounded
 * reading that refuses hostile declarations (sizes beyond the file, beyond what a gzip stream can
 * hold, beyond the Java heap) before allocating.
 */
package org.condseg.io.medical;
