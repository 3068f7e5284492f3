package org.condseg.model;

import java.util.List;

/**
 * One axis of a tensor as a bioimage.io description declares it.
 *
 * <pre>{@code
 * AxisSpec x = AxisSpec.space("x", 128);
 * }</pre>
 *
 * @param type "batch", "channel", "space", "time" or "index"
 * @param id the axis id ("b", "c", "x", "y", "z", ...)
 * @param size the fixed size, or 0 where the size is parameterised by {@code min} and {@code step}
 * @param min the smallest size where parameterised (otherwise equal to {@code size})
 * @param step the size increment where parameterised (0 for a fixed size)
 * @param channelNames the channel names of a channel axis, else empty
 */
public record AxisSpec(String type, String id, int size, int min, int step, List<String> channelNames) {

    public AxisSpec {
        channelNames = List.copyOf(channelNames);
        if (size < 0 || min < 0 || step < 0)
            throw new IllegalArgumentException("axis " + id + ": negative size " + size + ", min " + min + " or step " + step);
    }

    public static AxisSpec space(String id, int size) {
        return new AxisSpec("space", id, size, size, 0, List.of());
    }

    /** Whether this axis has one fixed size. */
    public boolean fixed() {
        return step == 0;
    }

    /** The smallest valid size at or above {@code wanted} along this axis. */
    public long validSize(long wanted) {
        if (fixed())
            return size;
        if (wanted <= min)
            return min;
        return min + ((wanted - min + step - 1) / step) * (long) step;
    }
}
