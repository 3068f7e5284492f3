package org.condseg.io.medical;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.condseg.model.InputException;

/**
 * The text headers of MetaImage and NRRD files: lines read up to a last line, with a size cap, and
 * the number parsing and data-file rules both formats share.
 *
 * <pre>{@code
 * List<String> lines = TextHeader.lines(in, file, line -> line.isEmpty()).lines();
 * long[] sizes = TextHeader.longs(file, "sizes", "64 48 30", 3);
 * }</pre>
 */
public final class TextHeader {

    /** Headers longer than this are refused. */
    public static final int MAX_BYTES = 1 << 20;

    private TextHeader() {
    }

    /** Header lines (without their line ends) and the bytes they took. */
    public record Lines(List<String> lines, long bytes) {
    }

    /** Lines (without their line ends) up to and including the first that {@code last} accepts. */
    public static Lines lines(InputStream in, Path file, Predicate<String> last) throws IOException, InputException {
        return lines(in, file, last, false);
    }

    /**
     * Lines up to and including the first that {@code last} accepts, or up to the end of the file where
     * {@code endOfFileEnds} (a detached header).
     */
    public static Lines lines(InputStream in, Path file, Predicate<String> last, boolean endOfFileEnds)
            throws IOException, InputException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0 && endOfFileEnds) {
                if (line.size() > 0)
                    lines.add(line.toString(StandardCharsets.ISO_8859_1).replaceFirst("\r$", ""));
                return new Lines(lines, total);
            }
            if (b < 0)
                throw new InputException(file, "ends inside its header");
            if (++total > MAX_BYTES)
                throw new InputException(file, "header is longer than " + MAX_BYTES + " bytes");
            if (b == 0)
                throw new InputException(file, "header holds binary data (not a text header)");
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String s = line.toString(StandardCharsets.ISO_8859_1);
            s = s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            lines.add(s);
            line.reset();
            if (last.test(s))
                return new Lines(lines, total);
        }
    }

    public static double[] doubles(Path file, String key, String value, int n) throws InputException {
        String[] parts = value.trim().split("[\\s,()]+");
        List<Double> out = new ArrayList<>();
        for (String p : parts)
            if (!p.isEmpty())
                try {
                    out.add(Double.parseDouble(p));
                } catch (NumberFormatException e) {
                    throw new InputException(file, "bad " + key + " '" + value + "'");
                }
        if (n >= 0 && out.size() != n)
            throw new InputException(file, key + " '" + value + "' has " + out.size() + " values, expected " + n);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static long[] longs(Path file, String key, String value, int n) throws InputException {
        String[] parts = value.trim().split("\\s+");
        if (n >= 0 && parts.length != n)
            throw new InputException(file, key + " '" + value + "' has " + parts.length + " values, expected " + n);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++)
            try {
                out[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new InputException(file, "bad " + key + " '" + value + "'");
            }
        return out;
    }

    /** A number as a header writes it: integers without a decimal point, others exactly (shortest repr). */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15)
            return Long.toString((long) v);
        return Double.toString(v);
    }

    /**
     * A detached data file named in a header: relative to the header's folder and inside it (no
     * absolute paths, no "..", no devices), and a regular file.
     */
    public static Path dataFile(Path header, String name) throws InputException {
        Path dir = header.toAbsolutePath().normalize().getParent();
        Path p;
        try {
            p = dir.resolve(name).normalize();
        } catch (RuntimeException e) {
            throw new InputException(header, "bad data file name '" + name + "'");
        }
        if (Path.of(name).isAbsolute() || !p.startsWith(dir))
            throw new InputException(header, "data file '" + name + "' lies outside the header's folder");
        if (!Files.isRegularFile(p))
            throw new InputException(header, "data file '" + name + "' is missing");
        return p;
    }

    public static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
