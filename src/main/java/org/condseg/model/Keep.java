package org.condseg.model;

import java.util.Locale;

/** Which components of a decoded mask a conditioned model keeps ({@code config.condseg.postprocess.keep}). */
public enum Keep {
    /** the components under the positive prompts (clicks, scribbles) */
    PROMPTED_COMPONENT,
    /** the largest component */
    LARGEST,
    /** all of them */
    ALL;

    /** The value named {@code text} (as in rdf.yaml); an IllegalArgumentException listing the names otherwise. */
    public static Keep parse(String text) {
        for (Keep k : values())
            if (k.text().equals(text))
                return k;
        throw new IllegalArgumentException("'" + text + "' is not a keep rule; expected prompted_component, largest or all");
    }

    /** The name in rdf.yaml. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
