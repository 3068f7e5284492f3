/**
 * Prompts to tensors and back: the window an interactive model sees around the prompts
 * ({@link org.condseg.conditioning.CropWindow}, {@link org.condseg.conditioning.WindowPlanner}),
 * bilinear resampling onto the model grid and back ({@link org.condseg.conditioning.Resampler}),
 * normalisation, the condition channels (Gaussian click maps, filled boxes, scribble masks) and the
 * decoding of the model's output into a mask (threshold, clip to the box, the prompted component).
 * The exact rules are those of {@code training/common.py}, which trained the shipped models.
 */
package org.condseg.conditioning;
