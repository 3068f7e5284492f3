/**
 * NRRD ({@code .nrrd} with the data attached, {@code .nhdr} with a detached data file), as 3D Slicer
 * and Teem write it: raw and gzip encodings, space directions and origin kept.
 */
package org.condseg.io.nrrd;
