/**
 * Interactive segmentation measured as its users meet it: {@link org.condseg.evaluate.PromptProtocol}
 * simulates the standard click protocol on each labelled object ({@link org.condseg.evaluate.LabelledObject})
 * through the core {@link org.condseg.segment.Segmenter} (first prompt from the truth, each next click at the
 * centre of the largest error region, {@link org.condseg.evaluate.NextClick}), and
 * {@link org.condseg.evaluate.PromptEvaluation} gives mean Dice after k interactions and NoC@85/90 beside
 * the trivial {@link org.condseg.evaluate.Baselines} (the ellipse inscribed in the box, a disc around the
 * click). Works on {@link org.condseg.evaluate.PlaneMask}s; no file access, so both the command line and
 * ImageJ front ends map onto it. Sits on {@code segment}, beside {@code io}.
 */
package org.condseg.evaluate;
