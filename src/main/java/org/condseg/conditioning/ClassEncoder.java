package org.condseg.conditioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.condseg.model.OptionKey;
import org.condseg.model.UsageException;

/**
 * The class condition of a class-conditional model: a class named by the user ({@code --class NAME}
 * or a 0-based {@code INDEX} into the model's class list) resolved and encoded as a one-hot vector.
 * Names match exactly, then ignoring case; an unknown name is a usage error that suggests the
 * nearest names.
 *
 * <pre>{@code
 * int k = ClassEncoder.resolve(List.of("Precentral_L", "Precentral_R"), "precentral_r"); // 1
 * float[] v = ClassEncoder.oneHot(k, 2);                                               // {0, 1}
 * }</pre>
 */
public final class ClassEncoder {

    private static final int SUGGESTIONS = 5;

    private ClassEncoder() {
    }

    /** The index of {@code request} (a name or a 0-based index) in {@code classes}. */
    public static int resolve(List<String> classes, String request) throws UsageException {
        if (classes.isEmpty())
            throw new IllegalArgumentException("the model declares no classes");
        if (request == null || request.isBlank())
            throw new UsageException("this model needs a class: " + OptionKey.CLASS.mark() + " (a name such as " + classes.get(0)
                    + ", or an index: " + classes.size() + " classes, 0-based)");
        String q = request.trim();
        int exact = classes.indexOf(q);
        if (exact >= 0)
            return exact;
        for (int i = 0; i < classes.size(); i++)
            if (classes.get(i).equalsIgnoreCase(q))
                return i;
        if (q.matches("\\d{1,9}")) {
            int i = Integer.parseInt(q);
            if (i < classes.size())
                return i;
            throw new UsageException("class index " + i + " is out of range: the model has " + classes.size()
                    + " classes, 0 to " + (classes.size() - 1));
        }
        throw new UsageException("unknown class '" + q + "'; " + (classes.size()) + " classes, e.g. "
                + String.join(", ", suggestions(classes, q)));
    }

    /** A one-hot vector of length {@code n} with 1 at {@code index}. */
    public static float[] oneHot(int index, int n) {
        if (index < 0 || index >= n)
            throw new IllegalArgumentException("class index " + index + " is outside [0, " + n + ")");
        float[] v = new float[n];
        v[index] = 1;
        return v;
    }

    /** The names nearest to {@code q}: those containing it (ignoring case), then by edit distance. */
    static List<String> suggestions(List<String> classes, String q) {
        String lq = q.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String c : classes)
            if (out.size() < SUGGESTIONS && c.toLowerCase(Locale.ROOT).contains(lq))
                out.add(c);
        classes.stream().filter(c -> !out.contains(c))
                .sorted((a, b) -> Integer.compare(distance(a.toLowerCase(Locale.ROOT), lq), distance(b.toLowerCase(Locale.ROOT), lq)))
                .limit(Math.max(0, SUGGESTIONS - out.size())).forEach(out::add);
        return out;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
            prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
