/**
 * The structure of TIFF files read before any decoder trusts it: the chain of image file directories
 * walked with loops, overlaps and counts beyond the file refused ({@link org.condseg.io.tiff.TiffDirectories}),
 * and every compressed strip (Deflate, LZW, PackBits) decoded once into nothing, stopping at the size
 * the directory declares, so that a decompression bomb, a corrupt strip or a short one is refused
 * before ImageJ allocates or silently pads with zeros ({@link org.condseg.io.tiff.TiffStrips}).
 */
package org.condseg.io.tiff;
