package org.condseg.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.condseg.model.Processing;
import org.condseg.model.Tensor;

/**
 * Applies bioimage.io processing steps to a whole tensor whose axes are named by the description's axis
 * ids, as bioimage.io's own implementation does: statistics over the axes a step names ({@code axes}),
 * all axes jointly where it names none; per-entry values along one axis ({@code axis}); softmax along an
 * axis; percentiles and means of a reference tensor where the step names one. Steps run in order, each on
 * the result of the previous one. Values stay {@code float}; {@code ensure_dtype} rounds and saturates
 * them as the cast would.
 *
 * <pre>{@code
 * Tensor ready = TensorProcessing.apply(spec.input().processing(), raw, spec.input().axisIds(), Map.of());
 * }</pre>
 */
public final class TensorProcessing {

    /** A tensor with its axis ids, for steps that refer to another tensor. */
    public record Named(Tensor tensor, List<String> axes) {
    }

    private TensorProcessing() {
    }

    /**
     * Applies {@code steps} to {@code t} and returns the result (a new tensor; {@code t} is unchanged).
     *
     * @param axes the axis ids of {@code t}, in order
     * @param others the tensors a step may name as {@code reference_tensor}, by id
     * @throws IllegalArgumentException where a step names an axis or tensor that is not there, or per-axis
     *         values do not match the axis size
     */
    public static Tensor apply(List<Processing> steps, Tensor t, List<String> axes, Map<String, Named> others) {
        if (axes.size() != t.shape().length)
            throw new IllegalArgumentException("tensor " + t.name() + " has shape " + t.shapeText() + " but " + axes.size()
                    + " axes " + axes);
        float[] v = t.data().clone();
        for (Processing p : steps)
            step(p, v, t.shape(), axes, others, t.name());
        return new Tensor(t.name(), t.shape(), v);
    }

    private static void step(Processing p, float[] v, long[] shape, List<String> axes, Map<String, Named> others, String name) {
        if (p instanceof Processing.ZeroMeanUnitVariance z) {
            Grouping g = new Grouping(shape, axes, z.axes());
            double[][] ms = meanStd(v, g);
            Index map = g.indexFor(shape, axes);
            for (int i = 0; i < v.length; i++) {
                double[] m = ms[map.at(i)];
                v[i] = (float) ((v[i] - m[0]) / (m[1] + z.eps()));
            }
        } else if (p instanceof Processing.ScaleRange s) {
            Named ref = s.referenceTensor() == null ? new Named(new Tensor(name, shape, v), axes) : reference(others, s.referenceTensor());
            Grouping g = new Grouping(ref.tensor().shape(), ref.axes(), s.axes());
            double[][] lohi = percentiles(ref.tensor().data(), g, s.minPercentile(), s.maxPercentile());
            Index map = g.indexFor(shape, axes);
            for (int i = 0; i < v.length; i++) {
                double lo = lohi[map.at(i)][0], hi = lohi[map.at(i)][1];
                v[i] = (float) ((v[i] - lo) / (hi - lo + s.eps()));
            }
        } else if (p instanceof Processing.ScaleMeanVariance s) {
            Named ref = reference(others, s.referenceTensor());
            Grouping own = new Grouping(shape, axes, s.axes());
            Grouping rg = new Grouping(ref.tensor().shape(), ref.axes(), s.axes());
            double[][] ms = meanStd(v, own), rms = meanStd(ref.tensor().data(), rg);
            Index map = own.indexFor(shape, axes), rmap = rg.indexFor(shape, axes);
            for (int i = 0; i < v.length; i++) {
                double[] m = ms[map.at(i)], r = rms[rmap.at(i)];
                v[i] = (float) ((v[i] - m[0]) / (m[1] + s.eps()) * (r[1] + s.eps()) + r[0]);
            }
        } else if (p instanceof Processing.Softmax s) {
            softmax(v, shape, index(axes, s.axis(), "softmax"));
        } else {
            pointwise(p, v, shape, axes);
        }
    }

    /** Applies a pointwise step, with per-entry values along its axis where it has one. */
    static void pointwise(Processing p, float[] v, long[] shape, List<String> axes) {
        String axis = p instanceof Processing.ScaleLinear s ? s.axis()
                : p instanceof Processing.FixedZeroMeanUnitVariance f ? f.axis()
                : p instanceof Processing.Binarize b ? b.axis() : null;
        int a = axis == null ? -1 : index(axes, axis, name(p));
        long stride = a < 0 ? 1 : strides(shape)[a];
        long n = a < 0 ? 1 : shape[a];
        checkLength(p, n, a < 0 ? null : axis);
        for (int i = 0; i < v.length; i++) {
            int k = a < 0 ? 0 : (int) ((i / stride) % n);
            v[i] = (float) value(p, v[i], k);
        }
    }

    private static double value(Processing p, double x, int k) {
        if (p instanceof Processing.ScaleLinear s)
            return s.gain()[k] * x + s.offset()[k];
        if (p instanceof Processing.FixedZeroMeanUnitVariance f)
            return (x - f.mean()[k]) / (f.std()[k] + f.eps());
        if (p instanceof Processing.Binarize b)
            return x > b.threshold()[k] ? 1 : 0;
        if (p instanceof Processing.Clip c)
            return Math.min(Math.max(x, c.min()), c.max());
        if (p instanceof Processing.Sigmoid)
            return 1 / (1 + Math.exp(-x));
        if (p instanceof Processing.EnsureDtype e)
            return cast(x, e.dtype());
        throw new IllegalArgumentException(name(p) + " is not a pointwise step");
    }

    /** The value {@code x} cast to {@code type} as numpy's {@code astype} does, saturating where it overflows. */
    static double cast(double x, Processing.DataType type) {
        if (Double.isNaN(x))
            return type.isFloat() ? x : 0;
        return switch (type) {
            case FLOAT32 -> (float) x;
            case FLOAT64 -> x;
            case BOOL -> x != 0 ? 1 : 0;
            case UINT8 -> clamp(x, 0, 255);
            case INT8 -> clamp(x, -128, 127);
            case UINT16 -> clamp(x, 0, 65535);
            case INT16 -> clamp(x, -32768, 32767);
            case UINT32 -> clamp(x, 0, 4294967295.0);
            case INT32 -> clamp(x, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT64 -> clamp(x, 0, 18446744073709551615.0);
            case INT64 -> clamp(x, Long.MIN_VALUE, Long.MAX_VALUE);
        };
    }

    private static double clamp(double x, double lo, double hi) {
        double t = x < 0 ? Math.ceil(x) : Math.floor(x);
        return Math.min(Math.max(t, lo), hi);
    }

    private static void checkLength(Processing p, long n, String axis) {
        int[] lengths = p instanceof Processing.ScaleLinear s ? new int[] {s.gain().length, s.offset().length}
                : p instanceof Processing.FixedZeroMeanUnitVariance f ? new int[] {f.mean().length, f.std().length}
                : p instanceof Processing.Binarize b ? new int[] {b.threshold().length} : new int[0];
        for (int len : lengths)
            if (axis == null ? len < 1 : len != n)
                throw new IllegalArgumentException(name(p) + " gives " + len + " values" + (axis == null ? ""
                        : " along axis " + axis + ", which has size " + n));
    }

    private static void softmax(float[] v, long[] shape, int axis) {
        long stride = strides(shape)[axis];
        int n = (int) shape[axis];
        for (int i = 0; i < v.length; i++) {
            if ((i / stride) % n != 0)
                continue; // each run along the axis starts where its coordinate is 0
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++)
                max = Math.max(max, v[(int) (i + k * stride)]);
            double sum = 0;
            double[] e = new double[n];
            for (int k = 0; k < n; k++)
                sum += e[k] = Math.exp(v[(int) (i + k * stride)] - max);
            for (int k = 0; k < n; k++)
                v[(int) (i + k * stride)] = (float) (e[k] / sum);
        }
    }

    private static double[][] meanStd(float[] v, Grouping g) {
        double[] sum = new double[g.count], ss = new double[g.count];
        long[] n = new long[g.count];
        Index own = g.own();
        for (int i = 0; i < v.length; i++) {
            sum[own.at(i)] += v[i];
            n[own.at(i)]++;
        }
        double[][] out = new double[g.count][2];
        for (int k = 0; k < g.count; k++)
            out[k][0] = sum[k] / n[k];
        for (int i = 0; i < v.length; i++) {
            int k = own.at(i);
            double d = v[i] - out[k][0];
            ss[k] += d * d;
        }
        for (int k = 0; k < g.count; k++)
            out[k][1] = Math.sqrt(ss[k] / n[k]);
        return out;
    }

    private static double[][] percentiles(float[] v, Grouping g, double low, double high) {
        Index own = g.own();
        int[] counts = new int[g.count];
        for (int i = 0; i < v.length; i++)
            counts[own.at(i)]++;
        float[][] values = new float[g.count][];
        for (int k = 0; k < g.count; k++)
            values[k] = new float[counts[k]];
        int[] fill = new int[g.count];
        for (int i = 0; i < v.length; i++) {
            int k = own.at(i);
            values[k][fill[k]++] = v[i];
        }
        double[][] out = new double[g.count][2];
        for (int k = 0; k < g.count; k++) {
            Arrays.sort(values[k]);
            out[k][0] = percentile(values[k], low);
            out[k][1] = percentile(values[k], high);
        }
        return out;
    }

    /** Linear-interpolated percentile (numpy's default) of sorted values. */
    static double percentile(float[] sorted, double pct) {
        double pos = pct / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * ((double) sorted[j] - sorted[i]);
    }

    private static Named reference(Map<String, Named> others, String id) {
        Named n = others.get(id);
        if (n == null)
            throw new IllegalArgumentException("reference_tensor '" + id + "' is not available here (tensors: " + others.keySet() + ")");
        return n;
    }

    private static int index(List<String> axes, String axis, String what) {
        int i = axes.indexOf(axis);
        if (i < 0)
            throw new IllegalArgumentException(what + " names axis '" + axis + "', which is not one of " + axes);
        return i;
    }

    static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    private static String name(Processing p) {
        return p.getClass().getSimpleName();
    }

    /** The group of an element, from its flat index. */
    @FunctionalInterface
    private interface Index {
        int at(int i);
    }

    /** Groups the elements of a tensor by their coordinates on the axes that are not reduced. */
    private static final class Grouping {
        final long[] shape;
        final List<String> axes;
        final List<String> kept = new ArrayList<>();
        final List<Long> keptSizes = new ArrayList<>();
        final int count;

        Grouping(long[] shape, List<String> axes, List<String> reduced) {
            this.shape = shape;
            this.axes = axes;
            if (reduced != null)
                for (String r : reduced)
                    index(axes, r, "axes");
            long c = 1;
            for (int d = 0; d < axes.size(); d++)
                if (reduced != null && !reduced.contains(axes.get(d))) {
                    kept.add(axes.get(d));
                    keptSizes.add(shape[d]);
                    c *= shape[d];
                }
            count = Math.toIntExact(c);
        }

        Index own() {
            return indexFor(shape, axes);
        }

        /** The group of each element of a tensor of {@code target} shape with axes {@code ids} (which must hold the kept axes). */
        Index indexFor(long[] target, List<String> ids) {
            long[] strides = strides(target);
            int[] pos = new int[kept.size()];
            long[] gstride = new long[kept.size()];
            long acc = 1;
            for (int k = kept.size() - 1; k >= 0; k--) {
                pos[k] = ids.indexOf(kept.get(k));
                if (pos[k] < 0)
                    throw new IllegalArgumentException("axis " + kept.get(k) + " of the statistics is not one of " + ids);
                if (target[pos[k]] != keptSizes.get(k) && keptSizes.get(k) != 1)
                    throw new IllegalArgumentException("axis " + kept.get(k) + " has size " + target[pos[k]]
                            + " here and " + keptSizes.get(k) + " in the tensor the statistics come from");
                gstride[k] = keptSizes.get(k) == 1 ? 0 : acc;
                acc *= keptSizes.get(k);
            }
            if (kept.isEmpty())
                return i -> 0;
            long[] stride = new long[pos.length], size = new long[pos.length];
            for (int k = 0; k < pos.length; k++) {
                stride[k] = strides[pos[k]];
                size[k] = target[pos[k]];
            }
            return i -> {
                long g = 0;
                for (int k = 0; k < stride.length; k++)
                    g += ((i / stride[k]) % size[k]) * gstride[k];
                return (int) g;
            };
        }
    }
}
