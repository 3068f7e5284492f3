package org.condseg.cli;

/**
 * A message made fit for one line of a terminal: control characters (a newline or an escape sequence in
 * a file name, a multi-line reason) are written as {@code \n}, {@code \t}, {@code \r} or {@code \xNN}.
 *
 * <pre>{@code
 * OneLine.of("a\nb.tif: not found"); // "a\\nb.tif: not found"
 * }</pre>
 */
final class OneLine {

    private OneLine() {
    }

    static String of(String s) {
        if (s == null)
            return "null";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
                        b.append(String.format("\\x%02x", (int) c));
                    else
                        b.append(c);
                }
            }
        }
        return b.toString();
    }
}
