package org.condseg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.UsageException;

import picocli.CommandLine.Option;

/**
 * The prompt options shared by commands: pixel coordinates, 0-based, x then y then z.
 *
 * <pre>{@code
 * --point 120,88 --negative-point 10,10 --box 40,30,64,48 --mask scribble.tif --class Hippocampus_L
 * }</pre>
 * Public so that front ends outside this package (the Spark runner) take the same options as {@code batch}.
 */
public final class PromptOptions {

    @Option(names = "--point", paramLabel = "x,y[,z]", description = "positive click (repeatable)")
    List<String> points = new ArrayList<>();

    @Option(names = "--negative-point", paramLabel = "x,y[,z]", description = "negative click (repeatable)")
    List<String> negativePoints = new ArrayList<>();

    @Option(names = "--box", paramLabel = "x,y,w,h[,z[,d]]", description = "box (repeatable: one object each)")
    List<String> boxes = new ArrayList<>();

    @Option(names = "--mask", paramLabel = "FILE", description = "scribble or prior label image on the input's grid")
    Path mask;

    @Option(names = "--class", paramLabel = "NAME|INDEX", description = "class of a class-conditional model")
    String className;

    public List<Click> clicks() throws UsageException {
        List<Click> out = new ArrayList<>();
        for (String p : points)
            out.add(click(p, true));
        for (String p : negativePoints)
            out.add(click(p, false));
        return out;
    }

    /** The scribble or prior label image, or {@code null}. */
    public Path mask() {
        return mask;
    }

    /** The class name or index, or {@code null}. */
    public String className() {
        return className;
    }

    public List<Box> boxList() throws UsageException {
        List<Box> out = new ArrayList<>();
        for (String b : boxes) {
            long[] v = numbers(b, 4, 6, "--box " + b);
            try {
                out.add(new Box(v[0], v[1], v[2], v[3], v.length > 4 ? v[4] : 0, v.length > 5 ? v[5] : 1));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--box " + b + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Click click(String s, boolean positive) throws UsageException {
        long[] v = numbers(s, 2, 3, (positive ? "--point " : "--negative-point ") + s);
        return new Click(v[0], v[1], v.length > 2 ? v[2] : 0, positive);
    }

    private static long[] numbers(String s, int min, int max, String what) throws UsageException {
        String[] parts = s.split(",", -1);
        if (parts.length < min || parts.length > max)
            throw new UsageException(what + ": expected " + min + (max > min ? " to " + max : "") + " comma-separated integers");
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(what + ": '" + parts[i] + "' is not an integer");
            }
        }
        return v;
    }
}
