package org.condseg.refine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.condseg.model.Calibration;
import org.condseg.model.Json;
import org.condseg.model.Progress;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * A list of refinement steps, run in order on a label image: {@code fill-holes[:slices]},
 * {@code largest}, {@code min-size:Q} ({@code 50px}, {@code 4mm2}, {@code 20mm3}, {@code 0.5ml}),
 * {@code open:R} and {@code close:R} ({@code 1.5mm}, {@code 2px}), {@code graphcut[:BAND]} and
 * {@code crf} (these two read the image and, where given, the model's probability map). Sizes and
 * radii in length units use the calibration's voxel spacing, converted from its unit (mm, µm, cm, …).
 * Every step works per label, on 2D images and 3D volumes.
 *
 * <pre>{@code
 * Refinement r = Refinement.parse("fill-holes,largest,open:1.5mm,graphcut");
 * Img<UnsignedShortType> refined = r.apply(labels, calibration, image, probabilities, Progress.NONE, () -> false);
 * }</pre>
 */
public final class Refinement {

    /** No steps: {@link #apply} returns a copy. */
    public static final Refinement NONE = new Refinement(List.of());

    private final List<RefineStep> steps;

    private Refinement(List<RefineStep> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * Reads a comma-separated step list.
     *
     * @throws IllegalArgumentException naming the first bad step and why
     */
    public static Refinement parse(String text) {
        if (text == null || text.isBlank())
            throw new IllegalArgumentException("no refinement steps given (e.g. fill-holes,largest,open:1.5mm,graphcut)");
        List<RefineStep> steps = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String s = part.trim();
            try {
                steps.add(step(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("refinement step '" + s + "': " + e.getMessage(), e);
            }
        }
        return new Refinement(steps);
    }

    private static RefineStep step(String s) {
        if (s.isEmpty())
            throw new IllegalArgumentException("empty step (two commas, or a comma at an end)");
        int colon = s.indexOf(':');
        String name = (colon < 0 ? s : s.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? null : s.substring(colon + 1).trim();
        return switch (name) {
            case "fill-holes" -> FillHoles.parse(arg);
            case "largest" -> {
                if (arg != null)
                    throw new IllegalArgumentException("takes no argument");
                yield new KeepLargest();
            }
            case "min-size" -> MinSize.parse(arg);
            case "open" -> Morphology.parse(false, arg);
            case "close" -> Morphology.parse(true, arg);
            case "graphcut" -> GraphCut.parse(arg);
            case "crf" -> DenseCrf.parse(arg);
            default -> throw new IllegalArgumentException("unknown step '" + name
                    + "' (steps: fill-holes, largest, min-size:SIZE, open:RADIUS, close:RADIUS, graphcut, crf)");
        };
    }

    /** The steps as one would write them. */
    public String text() {
        return String.join(",", steps.stream().map(RefineStep::text).toList());
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Whether a step reads the image's intensities. */
    public boolean needsImage() {
        return steps.stream().anyMatch(RefineStep::needsImage);
    }

    /**
     * Runs the steps on a copy of {@code labels} (x, y, z; whole numbers 0–65535).
     *
     * @param calibration the voxel spacing and its unit
     * @param image the intensities on the same grid, or {@code null} where no step needs them
     * @param probabilities the model's foreground probability on the same grid, or {@code null}
     * @throws IllegalArgumentException where grids differ, a label is not a whole number, a step needs
     *         the image or a calibration that is not there
     * @throws java.util.concurrent.CancellationException where {@code cancelled} turned true
     */
    public Img<UnsignedShortType> apply(RandomAccessibleInterval<? extends RealType<?>> labels, Calibration calibration,
            RandomAccessibleInterval<? extends RealType<?>> image, RandomAccessibleInterval<? extends RealType<?>> probabilities,
            Progress progress, BooleanSupplier cancelled) {
        double mm = Quantity.millimetres(calibration.unit());
        boolean calibrated = calibration.calibrated() && !Double.isNaN(mm);
        double[] spacing = calibration.spacing();
        if (calibrated)
            for (int a = 0; a < 3; a++)
                spacing[a] *= mm;
        else
            spacing = new double[] {1, 1, 1};
        LabelGrid grid = LabelGrid.of(labels, spacing, calibrated);
        RefineContext context = new RefineContext(flat(image, labels, "image"), flat(probabilities, labels, "probabilities"),
                cancelled);
        if (needsImage() && image == null)
            throw new IllegalArgumentException("refinement " + text() + " needs the image (graphcut and crf read its intensities)");
        for (int k = 0; k < steps.size(); k++) {
            context.checkCancelled();
            progress.update("refine " + steps.get(k).text(), k, steps.size());
            steps.get(k).apply(grid, context);
        }
        progress.update("refine", steps.size(), steps.size());
        return grid.toImg();
    }

    /**
     * Refines a segmentation of {@code image}: its labels, with the image and the result's probability
     * map (where the model gave one) for the edge-aware steps. The probabilities stay as the model gave
     * them; the provenance gains {@code "refine": "<steps>"}.
     */
    public SegmentResult refine(SegmentResult result, Volume image, Progress progress, BooleanSupplier cancelled) {
        Img<UnsignedShortType> labels = apply(result.labels(), image.calibration(), image.pixels(), result.probabilities(),
                progress, cancelled);
        return new SegmentResult(labels, result.probabilities(), result.uncertainty(), result.samples(),
                provenance(result.provenance()));
    }

    /**
     * The provenance JSON object {@code previous} (or an empty one, where {@code null} or not an object)
     * with {@code "refine": "<steps>"} added at its end.
     */
    public String provenance(String previous) {
        return Json.with(previous, "refine", text());
    }

    private static float[] flat(RandomAccessibleInterval<? extends RealType<?>> img,
            RandomAccessibleInterval<? extends RealType<?>> labels, String what) {
        if (img == null)
            return null;
        if (img.numDimensions() != 3 || !Arrays.equals(img.dimensionsAsLongArray(), labels.dimensionsAsLongArray()))
            throw new IllegalArgumentException("the " + what + " (" + Arrays.toString(img.dimensionsAsLongArray())
                    + ") and the labels (" + Arrays.toString(labels.dimensionsAsLongArray()) + ") are not on the same grid");
        long n = img.dimension(0) * img.dimension(1) * img.dimension(2);
        float[] out = new float[(int) n];
        Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
        for (int i = 0; i < out.length; i++)
            out[i] = c.next().getRealFloat();
        return out;
    }

    @Override
    public String toString() {
        return text();
    }
}
