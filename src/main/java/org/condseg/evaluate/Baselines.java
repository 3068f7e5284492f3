package org.condseg.evaluate;

import java.util.Arrays;
import java.util.List;

import org.condseg.model.Box;
import org.condseg.model.Click;

/**
 * The trivial answers a model must beat: the ellipse inscribed in the box prompt, and a disc of a fixed
 * radius around the first click. Pixel {@code (i, j)} is in a shape where its centre {@code (i + ½, j + ½)} is.
 *
 * <pre>{@code
 * PlaneMask e = Baselines.ellipse(new Box(10, 10, 20, 12, 0, 1), 64, 64);
 * PlaneMask d = Baselines.disc(Click.positive(20, 16, 0), 4.5, 64, 64);
 * double r = Baselines.medianRadius(List.of(314L, 78L, 1256L)); // ≈ 10
 * }</pre>
 */
public final class Baselines {

    private Baselines() {
    }

    /** The ellipse inscribed in {@code box} (its axes the box's sides), on an image of {@code width × height}. */
    public static PlaneMask ellipse(Box box, int width, int height) {
        int x0 = (int) Math.max(0, box.x()), y0 = (int) Math.max(0, box.y());
        int x1 = (int) Math.min(width, box.x() + box.width()), y1 = (int) Math.min(height, box.y() + box.height());
        double cx = box.x() + box.width() / 2.0, cy = box.y() + box.height() / 2.0, a = box.width() / 2.0, b = box.height() / 2.0;
        boolean[] px = new boolean[(x1 - x0) * (y1 - y0)];
        for (int j = y0; j < y1; j++)
            for (int i = x0; i < x1; i++) {
                double u = (i + 0.5 - cx) / a, v = (j + 0.5 - cy) / b;
                px[(j - y0) * (x1 - x0) + i - x0] = u * u + v * v <= 1;
            }
        return new PlaneMask(x0, y0, x1 - x0, y1 - y0, px);
    }

    /** The pixels within {@code radius} of the click's pixel (centre to centre), inside the image. */
    public static PlaneMask disc(Click click, double radius, int width, int height) {
        if (!(radius >= 0))
            throw new IllegalArgumentException("radius " + radius + " is not a non-negative number");
        int r = (int) Math.floor(radius);
        int x0 = (int) Math.max(0, click.x() - r), y0 = (int) Math.max(0, click.y() - r);
        int x1 = (int) Math.min(width, click.x() + r + 1), y1 = (int) Math.min(height, click.y() + r + 1);
        boolean[] px = new boolean[(x1 - x0) * (y1 - y0)];
        for (int j = y0; j < y1; j++)
            for (int i = x0; i < x1; i++) {
                double dx = i - click.x(), dy = j - click.y();
                px[(j - y0) * (x1 - x0) + i - x0] = dx * dx + dy * dy <= radius * radius;
            }
        return new PlaneMask(x0, y0, x1 - x0, y1 - y0, px);
    }

    /** The median over objects of their equivalent radius {@code sqrt(area / π)} (the mean of the middle two for an even count). */
    public static double medianRadius(List<Long> areas) {
        if (areas.isEmpty())
            throw new IllegalArgumentException("no objects");
        double[] r = areas.stream().mapToDouble(a -> Math.sqrt(a / Math.PI)).toArray();
        Arrays.sort(r);
        int n = r.length;
        return n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
    }
}
