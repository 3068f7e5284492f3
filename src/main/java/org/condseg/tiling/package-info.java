/**
 * Sliding-window inference with Gaussian stitching, in 2D and 3D, as nnU-Net does it: a
 * {@link org.condseg.tiling.TilePlan} cuts an image into overlapping tiles whose size is a
 * multiple of what the network needs, the {@link org.condseg.tiling.TiledPredictor} copies each
 * tile (mirror-padded where it reaches past the image) into a {@code float[]} laid out as
 * {@code [C, (Z,) Y, X]}, hands it to a {@link org.condseg.tiling.TileFunction}, and averages the
 * tile outputs with a Gaussian importance map that trusts each tile's centre more than its rim.
 * The package sees the network as a function over float arrays only; it imports nothing but the
 * JDK and imglib2, reports progress through a {@link org.condseg.tiling.TileListener} and stops
 * between tiles when asked to.
 */
package org.condseg.tiling;
