package org.condseg.model;

import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * What the user drew or picked: clicks, boxes, a scribble or prior mask on the image grid (x, y, z;
 * non-zero = set), and a class name or index.
 *
 * <pre>{@code
 * Prompts p = Prompts.of(List.of(Click.positive(10, 12, 0)), List.of(), null, null);
 * }</pre>
 */
public record Prompts(List<Click> clicks, List<Box> boxes, RandomAccessibleInterval<? extends RealType<?>> mask,
        String className) {

    public static final Prompts NONE = new Prompts(List.of(), List.of(), null, null);

    public Prompts {
        clicks = List.copyOf(clicks);
        boxes = List.copyOf(boxes);
    }

    public static Prompts of(List<Click> clicks, List<Box> boxes, RandomAccessibleInterval<? extends RealType<?>> mask,
            String className) {
        return new Prompts(clicks, boxes, mask, className);
    }

    /** Whether there is no spatial prompt (click, box or mask). */
    public boolean spatiallyEmpty() {
        return clicks.isEmpty() && boxes.isEmpty() && mask == null;
    }

    /** The clicks on slice {@code z}. */
    public List<Click> clicksOn(long z) {
        return clicks.stream().filter(c -> c.z() == z).toList();
    }

    /** The boxes covering slice {@code z}. */
    public List<Box> boxesOn(long z) {
        return boxes.stream().filter(b -> b.coversSlice(z)).toList();
    }
}
