/**
 * The core API: {@link org.condseg.segment.Segmenter#segment} turns one
 * {@link org.condseg.model.SegmentRequest} into a {@link org.condseg.model.SegmentResult} with an
 * open {@link org.condseg.runtime.Network}, reporting progress and honouring cancellation between
 * slices and tiles. Interactive models run in a window around each object's prompts; models without
 * a condition run tiled over the whole image.
 */
package org.condseg.segment;
