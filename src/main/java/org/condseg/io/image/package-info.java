/**
 * Image files without ImageJ in the middle: {@link org.condseg.io.image.ImageFormats} reads a file by
 * its extension into a {@link org.condseg.io.medical.MedicalImage} (NIfTI, MetaImage, NRRD and DICOM
 * through our own readers; TIFF, PNG and other formats through the {@link org.condseg.io.image.PlaneFormat}
 * that the {@code ij} package provides) and writes {@link org.condseg.io.image.OutputImage}s (labels,
 * probabilities, uncertainty, sampled masks) on their input's grid; {@link org.condseg.io.image.ImageVolumes}
 * turns images into the core's {@link org.condseg.model.Volume} and results into output images;
 * {@link org.condseg.io.image.OutputSet} makes one run's outputs appear together or not at all.
 * The command line, batch and Spark read and write through this package only.
 */
package org.condseg.io.image;
