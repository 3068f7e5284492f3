package org.condseg.model;

/**
 * One segmentation to do: the image, the prompts and the options.
 *
 * <pre>{@code
 * SegmentRequest r = new SegmentRequest(volume, prompts, SegmentOptions.defaults());
 * }</pre>
 */
public record SegmentRequest(Volume image, Prompts prompts, SegmentOptions options) {
}
