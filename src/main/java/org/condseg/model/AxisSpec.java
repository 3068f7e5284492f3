package org.condseg.model;

import java.util.List;

/**
 * One axis of a tensor as a bioimage.io description declares it.
 * <p>
 * Its size is fixed ({@code size > 0, step == 0}), parameterised ({@code min + n * step}), or a
 * {@link SizeReference} to an axis of another tensor:
 * {@code size = floor(ref.size * ref.scale / scale + offset)}, the specification's rule; format 0.4's
 * implicit output shapes are converted to references as the specification's converter does. Output
 * axes may carry a {@code halo}: that many pixels on each side are unreliable and cropped before tiles
 * are stitched.
 *
 * <pre>{@code
 * AxisSpec x = AxisSpec.space("x", 128);
 * }</pre>
 *
 * @param type "batch", "channel", "space", "time" or "index"
 * @param id the axis id ("batch", "channel", "x", "y", "z", ...)
 * @param size the fixed size, or 0 where the size is parameterised by {@code min} and {@code step} or referenced
 * @param min the smallest size where parameterised (otherwise equal to {@code size})
 * @param step the size increment where parameterised (0 for a fixed size)
 * @param channelNames the channel names of a channel axis, else empty
 * @param scale the axis scale (pixel size in the axis unit), &gt; 0
 * @param halo the pixels on each side of an output axis to crop from each tile, &ge; 0
 * @param reference the axis the size is taken from, or {@code null}
 */
public record AxisSpec(String type, String id, int size, int min, int step, List<String> channelNames, double scale, int halo,
        SizeReference reference) {

    /** The axis types of the specification. */
    public static final List<String> TYPES = List.of("batch", "channel", "index", "time", "space");

    /**
     * A size given by another tensor's axis.
     *
     * @param tensorId the tensor's id
     * @param axisId the axis id in that tensor
     * @param offset added to the scaled size
     */
    public record SizeReference(String tensorId, String axisId, int offset) {
    }

    public AxisSpec {
        channelNames = List.copyOf(channelNames);
        if (!TYPES.contains(type))
            throw new IllegalArgumentException("axis " + id + ": type '" + type + "' is not one of " + TYPES);
        if (size < 0 || min < 0 || step < 0 || halo < 0)
            throw new IllegalArgumentException("axis " + id + ": negative size " + size + ", min " + min + ", step " + step
                    + " or halo " + halo);
        if (!(scale > 0) || Double.isInfinite(scale))
            throw new IllegalArgumentException("axis " + id + ": scale must be > 0, got " + scale);
    }

    public AxisSpec(String type, String id, int size, int min, int step, List<String> channelNames) {
        this(type, id, size, min, step, channelNames, 1, 0, null);
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

    /** Whether {@code actual} is a valid size along this axis (any size for a batch or referenced axis). */
    public boolean accepts(long actual) {
        if (type.equals("batch") || reference != null || fixed() && size == 0)
            return actual >= 1;
        if (fixed())
            return actual == size;
        return actual >= min && (actual - min) % step == 0;
    }

    /** The size of this axis given the size and scale of its reference axis: {@code floor(refSize * refScale / scale + offset)}. */
    public long sizeFrom(long refSize, double refScale) {
        return (long) Math.floor(refSize * refScale / scale + reference.offset());
    }
}
