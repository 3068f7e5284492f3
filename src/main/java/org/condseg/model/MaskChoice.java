package org.condseg.model;

import java.util.Locale;

/**
 * Which of an ambiguity-aware model's candidate masks a prompt gets ({@code --mask-choice}, macro key
 * {@code mask_choice}): the best-scored one, or the smallest, middle or largest by area. Models with one
 * output mask ignore it.
 *
 * <pre>{@code
 * SegmentOptions o = SegmentOptions.defaults().withMaskChoice(MaskChoice.parse("small"));
 * }</pre>
 */
public enum MaskChoice {
    /** the candidate with the highest predicted quality */
    BEST,
    /** the candidate of the smallest area (the part) */
    SMALL,
    /** the candidate of the middle area */
    MEDIUM,
    /** the candidate of the largest area (the whole) */
    LARGE;

    /** The choice named {@code text}; an IllegalArgumentException listing the names otherwise. */
    public static MaskChoice parse(String text) {
        for (MaskChoice c : values())
            if (c.text().equals(text))
                return c;
        throw new IllegalArgumentException("'" + text + "' is not a mask choice; expected best, small, medium or large");
    }

    /** The name users type. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The next choice in the order a cycling key goes through them (best, small, medium, large, best, ...). */
    public MaskChoice next() {
        return values()[(ordinal() + 1) % values().length];
    }

    /**
     * The candidate this choice picks.
     *
     * @param areas each candidate's area (pixels at or above the threshold)
     * @param scores each candidate's predicted quality
     * @return the index of the chosen candidate; ties go to the lower index
     */
    public int pick(long[] areas, float[] scores) {
        if (areas.length != scores.length || areas.length == 0)
            throw new IllegalArgumentException(areas.length + " areas and " + scores.length + " scores");
        if (this == BEST) {
            int best = 0;
            for (int c = 1; c < scores.length; c++)
                if (scores[c] > scores[best])
                    best = c;
            return best;
        }
        Integer[] order = new Integer[areas.length];
        for (int c = 0; c < order.length; c++)
            order[c] = c;
        java.util.Arrays.sort(order, (a, b) -> areas[a] != areas[b] ? Long.compare(areas[a], areas[b]) : Integer.compare(a, b));
        return switch (this) {
            case SMALL -> order[0];
            case MEDIUM -> order[(order.length - 1) / 2];
            default -> order[order.length - 1];
        };
    }
}
