/**
 * The core API: {@link org.condseg.segment.Segmenter#segment} turns one
 * {@link org.condseg.model.SegmentRequest} into a {@link org.condseg.model.SegmentResult} with an
 * open {@link org.condseg.runtime.Network}, reporting progress and honouring cancellation between
 * slices and tiles. It dispatches on the model's task: interactive models run in a window around each
 * object's prompts (generative ones, with a latent, N times per object, giving samples, their consensus
 * and an uncertainty); class-conditional models run on whole slices with the class as a second input;
 * refining models run in a window around each label of a prior mask; models without a condition run
 * tiled over the whole image. {@link org.condseg.segment.Propagator} carries a 2D prompt through a
 * stack, {@link org.condseg.segment.InstanceSegmenter} segments one object per prompt into instance
 * labels; {@link org.condseg.segment.Metrics}, {@link org.condseg.segment.LabelOverlap} and
 * {@link org.condseg.segment.Uncertainty} measure results.
 */
package org.condseg.segment;
