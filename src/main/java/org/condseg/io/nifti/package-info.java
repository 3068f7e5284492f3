/**
 * NIfTI-1 and NIfTI-2 ({@code .nii}, {@code .nii.gz}): the whole header as a value
 * ({@link org.condseg.io.nifti.NiftiHeader}), a reader that applies the scaling and refuses hostile
 * headers before allocating, and a writer that gives an image made for a NIfTI input that input's
 * header geometry. Voxel axes i, j, k are ImageJ's x, y, z; nothing is flipped.
 */
package org.condseg.io.nifti;
