package org.condseg.batch;

import java.util.ArrayList;
import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;

/**
 * Prompts as text, as the command line and the manifest write them: {@code x,y[,z]} for a click,
 * {@code x,y,w,h[,z[,d]]} for a box (pixels, 0-based), several separated by {@code ;} or spaces.
 *
 * <pre>{@code
 * List<Click> c = PromptText.clicks("120,88;130,90,2", true);
 * List<Box> b = PromptText.boxes("40,30,64,48");
 * }</pre>
 */
public final class PromptText {

    private PromptText() {
    }

    /** The clicks in {@code text} (empty for blank text); {@link IllegalArgumentException} names the bad one. */
    public static List<Click> clicks(String text, boolean positive) {
        List<Click> out = new ArrayList<>();
        for (String s : items(text)) {
            long[] v = numbers(s, 2, 3, positive ? "point" : "negative point");
            out.add(new Click(v[0], v[1], v.length > 2 ? v[2] : 0, positive));
        }
        return out;
    }

    /** The boxes in {@code text}. */
    public static List<Box> boxes(String text) {
        List<Box> out = new ArrayList<>();
        for (String s : items(text)) {
            long[] v = numbers(s, 4, 6, "box");
            try {
                out.add(new Box(v[0], v[1], v[2], v[3], v.length > 4 ? v[4] : 0, v.length > 5 ? v[5] : 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("box " + s + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        if (text == null)
            return out;
        for (String s : text.trim().split("[;\\s]+"))
            if (!s.isEmpty())
                out.add(s);
        return out;
    }

    private static long[] numbers(String s, int min, int max, String what) {
        String[] parts = s.split(",", -1);
        if (parts.length < min || parts.length > max)
            throw new IllegalArgumentException(what + " '" + s + "': expected " + min + " to " + max + " comma-separated integers");
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " '" + s + "': '" + parts[i] + "' is not an integer");
            }
        }
        return v;
    }
}
