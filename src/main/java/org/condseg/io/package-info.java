/**
 * Files: model packages (bioimage.io {@code rdf.yaml} with our {@code config.condseg} section, ONNX
 * weights checked by sha256, {@code .npy} test tensors), the registry that finds a model by id, and
 * {@link org.condseg.io.ModelImport}, which installs a package ZIP only inside its folder; and,
 * in sub-packages, the medical image formats ({@code nifti}, {@code metaimage}, {@code nrrd},
 * {@code dicom} over the shared {@code medical}). Readers refuse hostile files (huge sizes, YAML alias
 * bombs, truncated data, sizes beyond the file) before they cost memory, and report one
 * {@link org.condseg.model.CondSegException} naming the file and the field.
 */
package org.condseg.io;
