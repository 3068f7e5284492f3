package org.condseg.model;

import java.util.Locale;

/**
 * How a condition channel is drawn into the model's input ({@code encoding} of a condition in
 * {@code config.condseg.conditions}): each kind of condition has the encodings CondSeg can draw.
 */
public enum Encoding {
    /** a Gaussian bump of the condition's {@code sigma} (pixels of the model grid) at each click */
    GAUSSIAN,
    /** 1 inside the box, scribble or mask, 0 outside */
    FILLED,
    /** a mask taken to the model grid by nearest neighbour, 1 inside, 0 outside (as {@link #FILLED}) */
    NEAREST;

    /** The encoding named {@code text} (as in rdf.yaml); an IllegalArgumentException listing the names otherwise. */
    public static Encoding parse(String text) {
        for (Encoding e : values())
            if (e.text().equals(text))
                return e;
        throw new IllegalArgumentException("'" + text + "' is not an encoding; expected gaussian, filled or nearest");
    }

    /** Whether CondSeg draws a condition of {@code kind} this way (clicks: Gaussian; boxes: filled; masks: filled or nearest). */
    public boolean draws(Conditioning.Kind kind) {
        return switch (kind) {
            case POSITIVE, NEGATIVE -> this == GAUSSIAN;
            case BOX, CLASS -> this == FILLED;
            case MASK, PREVIOUS -> this == FILLED || this == NEAREST;
        };
    }

    /** The name in rdf.yaml. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
