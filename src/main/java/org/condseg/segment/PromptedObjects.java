package org.condseg.segment;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.condseg.conditioning.CropWindow;
import org.condseg.conditioning.Resampler;
import org.condseg.conditioning.WindowPlanner;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Conditioning;
import org.condseg.model.Prompts;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The objects that prompts ask for, slice by slice, each with the window a 2D windowed model sees:
 * each box is one object (with the clicks inside it, and the slice's mask where the model continues
 * from one), on every slice it spans; without boxes, the clicks and the scribble of a slice form one
 * object. {@link #labels} numbers them.
 *
 * <pre>{@code
 * SortedMap<Long, List<PromptedObjects.SliceObject>> bySlice = PromptedObjects.bySlice(prompts, cond, w, h, d);
 * }</pre>
 */
final class PromptedObjects {

    private PromptedObjects() {
    }

    /** One object of one slice: its prompts and its window. */
    record SliceObject(Box box, List<Click> clicks, boolean[] scribble, CropWindow window) {
    }

    /** The objects of every prompted slice, in slice order. */
    static SortedMap<Long, List<SliceObject>> bySlice(Prompts prompts, Conditioning cond, long w, long h, long d) {
        SortedMap<Long, List<SliceObject>> out = new TreeMap<>();
        boolean[][] scribbles = new boolean[(int) d][];
        for (long z = 0; z < d; z++) {
            final long zz = z;
            boolean prompted = prompts.clicks().stream().anyMatch(c -> c.z() == zz) || !prompts.boxesOn(z).isEmpty();
            if (prompts.mask() != null && (scribbles[(int) z] = maskSlice(prompts.mask(), z)) != null)
                prompted = true;
            if (prompted)
                out.put(z, objects(cond, prompts.clicksOn(z), prompts.boxesOn(z), scribbles[(int) z], w, h));
        }
        return out;
    }

    /**
     * The label of each slice object: box k of the prompts (in their order) is label k + 1 on every slice
     * it spans; the other objects (clicks and scribbles without a box) follow, slice by slice.
     */
    static Map<SliceObject, Integer> labels(SortedMap<Long, List<SliceObject>> bySlice, Prompts prompts) {
        Map<SliceObject, Integer> out = new IdentityHashMap<>();
        Map<Box, Integer> ofBox = new IdentityHashMap<>();
        List<Box> boxes = prompts.boxes();
        for (int k = 0; k < boxes.size(); k++)
            ofBox.put(boxes.get(k), k + 1);
        int next = boxes.size();
        for (List<SliceObject> objects : bySlice.values())
            for (SliceObject o : objects) {
                Integer l = o.box() == null ? null : ofBox.get(o.box());
                out.put(o, l != null ? l : ++next);
            }
        return out;
    }

    static List<SliceObject> objects(Conditioning cond, List<Click> clicks, List<Box> boxes, boolean[] scribble, long w,
            long h) {
        int[] grid = cond.grid();
        List<SliceObject> out = new ArrayList<>();
        if (!boxes.isEmpty()) {
            for (Box b : boxes) {
                List<Click> inside = clicks.stream().filter(c -> c.x() >= b.x() && c.x() < b.x() + b.width()
                        && c.y() >= b.y() && c.y() < b.y() + b.height()).toList();
                // a model that continues from a mask gets the slice's mask in each box as the object's current mask
                out.add(new SliceObject(b, inside, cond.continuesFromMask() ? scribble : null, WindowPlanner.around(b, cond.window(), grid)));
            }
            return out;
        }
        long[] bounds = scribble == null ? null : SliceMask.bounds(scribble, w);
        if (bounds != null && bounds[2] < 0)
            bounds = null;
        if (clicks.stream().anyMatch(Click::positive) || bounds != null)
            out.add(new SliceObject(null, clicks, scribble, WindowPlanner.around(clicks, bounds, cond.window(), grid)));
        return out;
    }

    /**
     * Writes one object's back-projected values into {@code values} on slice z (keeping the larger
     * value where objects overlap; may be null) and {@code label} where {@code mask} is set (may be null).
     */
    static void write(Img<UnsignedShortType> labels, Img<FloatType> values, long z, Resampler.Region p, boolean[] mask,
            int label) {
        if ((labels == null || labels instanceof ArrayImg) && (values == null || values instanceof ArrayImg)) {
            writeArrays(labels == null ? null : (short[]) storage(labels),
                    values == null ? null : (float[]) storage(values),
                    (labels != null ? labels : values).dimension(0), (labels != null ? labels : values).dimension(1), z, p,
                    mask, label);
            return;
        }
        RandomAccess<UnsignedShortType> l = labels == null ? null : labels.randomAccess();
        RandomAccess<FloatType> q = values == null ? null : values.randomAccess();
        long[] pos = new long[3];
        for (int j = 0; j < p.height(); j++)
            for (int i = 0; i < p.width(); i++) {
                pos[0] = p.x0() + i;
                pos[1] = p.y0() + j;
                pos[2] = z;
                if (q != null) {
                    q.setPosition(pos);
                    float v = p.values()[j * p.width() + i];
                    if (v > q.get().get())
                        q.get().set(v);
                }
                if (l != null && mask[j * p.width() + i]) {
                    l.setPosition(pos);
                    l.get().set(label);
                }
            }
    }

    private static Object storage(Img<?> img) {
        return ((ArrayDataAccess<?>) ((ArrayImg<?, ?>) img).update(null)).getCurrentStorageArray();
    }

    /** The same on the backing arrays of array images (x fastest, then y, then z). */
    private static void writeArrays(short[] labels, float[] values, long w, long h, long z, Resampler.Region p,
            boolean[] mask, int label) {
        long plane = z * w * h;
        for (int j = 0; j < p.height(); j++) {
            int row = (int) (plane + (p.y0() + j) * w + p.x0()), src = j * p.width();
            for (int i = 0; i < p.width(); i++) {
                if (values != null) {
                    float v = p.values()[src + i];
                    if (v > values[row + i])
                        values[row + i] = v;
                }
                if (labels != null && mask[src + i])
                    labels[row + i] = (short) label;
            }
        }
    }

    static boolean[] maskSlice(RandomAccessibleInterval<? extends RealType<?>> mask, long z) {
        long w = mask.dimension(0), h = mask.dimension(1);
        boolean[] out = new boolean[(int) (w * h)];
        boolean any = false;
        Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(mask, 2, z)).cursor();
        for (int i = 0; i < out.length; i++)
            any |= out[i] = c.next().getRealDouble() != 0;
        return any ? out : null;
    }
}
