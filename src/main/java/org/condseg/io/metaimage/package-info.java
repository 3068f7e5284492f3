/**
 * MetaImage ({@code .mha} with the data inside, {@code .mhd} with a separate raw file), as ITK, 3D
 * Slicer and elastix write it: 2D to 4D, zlib-compressed or not, spacing, offset and direction kept.
 */
package org.condseg.io.metaimage;
