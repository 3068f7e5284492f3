package org.condseg.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 writes them: fields quoted where they hold a comma, a quote or a
 * line break, quotes doubled inside quotes. A leading byte-order mark is dropped.
 *
 * <pre>{@code
 * List<List<String>> rows = Csv.parse("case,points\nc1,\"10,12;30,40\"\n");
 * String line = Csv.line(List.of("c1", "10,12"));   // c1,"10,12"
 * }</pre>
 */
public final class Csv {

    private Csv() {
    }

    /** The rows of {@code text}; a row is its fields as written (unquoted, not trimmed). */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, any = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')
                    i++;
                if (any || field.length() > 0) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
            }
        }
        if (quoted)
            throw new IllegalArgumentException("a quoted field is not closed before the end");
        if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /** One line (without its line break) of fields, quoted where needed. */
    public static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0)
                sb.append(',');
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r"))
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            else
                sb.append(f);
        }
        return sb.toString();
    }
}
