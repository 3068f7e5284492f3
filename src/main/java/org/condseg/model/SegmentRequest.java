package org.condseg.model;

import java.util.List;

/**
 * One segmentation to do: the image, the prompts and the options; for a multi-modal model, the further
 * input channels (e.g. T2 beside T1, or CT at a second window), each a volume on the image's grid.
 *
 * <pre>{@code
 * SegmentRequest r = new SegmentRequest(volume, prompts, SegmentOptions.defaults());
 * SegmentRequest both = new SegmentRequest(t1, Prompts.NONE, SegmentOptions.defaults(), List.of(t2));
 * }</pre>
 *
 * @param channels the input's channels after the first ({@code image}); empty for one channel
 */
public record SegmentRequest(Volume image, Prompts prompts, SegmentOptions options, List<Volume> channels) {

    public SegmentRequest {
        channels = List.copyOf(channels);
        for (Volume c : channels)
            for (int d = 0; d < 3; d++)
                if (c.pixels().dimension(d) != image.pixels().dimension(d))
                    throw new IllegalArgumentException("channel " + c.name() + " is " + c.width() + "×" + c.height() + "×" + c.depth()
                            + " but " + image.name() + " is " + image.width() + "×" + image.height() + "×" + image.depth());
    }

    /** A request with one input channel. */
    public SegmentRequest(Volume image, Prompts prompts, SegmentOptions options) {
        this(image, prompts, options, List.of());
    }
}
