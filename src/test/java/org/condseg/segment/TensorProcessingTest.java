package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.condseg.model.Processing;
import org.condseg.model.Tensor;
import org.junit.jupiter.api.Test;

/** Each bioimage.io processing step on small tensors whose expected values are worked out by hand. */
class TensorProcessingTest {

    private static final List<String> BCYX = List.of("batch", "channel", "y", "x");

    /** [1, 2, 1, 2]: channel 0 holds 1, 3; channel 1 holds 10, 30. */
    private static Tensor twoChannels() {
        return new Tensor("raw", new long[] {1, 2, 1, 2}, new float[] {1, 3, 10, 30});
    }

    private static float[] apply(Processing p, Tensor t) {
        return TensorProcessing.apply(List.of(p), t, BCYX, Map.of()).data();
    }

    @Test
    void zeroMeanUnitVarianceOverTheNamedAxesOnlyOrAllJointly() {
        float[] perChannel = apply(new Processing.ZeroMeanUnitVariance(List.of("y", "x"), 1e-6), twoChannels());
        assertArrayEquals(new float[] {-1, 1, -1, 1}, perChannel, 1e-5f); // mean 2 std 1; mean 20 std 10
        float[] joint = apply(new Processing.ZeroMeanUnitVariance(null, 1e-6), twoChannels());
        double mean = 11, std = Math.sqrt(((1 - mean) * (1 - mean) + (3 - mean) * (3 - mean) + 1 + 19 * 19) / 4);
        assertEquals((1 - mean) / std, joint[0], 1e-5);
        assertEquals((30 - mean) / std, joint[3], 1e-5);
        float[] channelsJointly = apply(new Processing.ZeroMeanUnitVariance(List.of("channel", "y", "x"), 1e-6), twoChannels());
        assertArrayEquals(joint, channelsJointly, 1e-6f);
    }

    @Test
    void fixedMeanAndStdPerChannelNotOnlyTheFirst() {
        float[] v = apply(new Processing.FixedZeroMeanUnitVariance(new double[] {1, 10}, new double[] {2, 20}, "channel", 0), twoChannels());
        assertArrayEquals(new float[] {0, 1, 0, 1}, v, 1e-6f);
    }

    @Test
    void scaleLinearPerChannelAndScalar() {
        assertArrayEquals(new float[] {3, 7, 10.5f, 30.5f},
                apply(new Processing.ScaleLinear(new double[] {2, 1}, new double[] {1, 0.5}, "channel"), twoChannels()), 1e-6f);
        assertArrayEquals(new float[] {-1, -3, -10, -30},
                apply(new Processing.ScaleLinear(new double[] {-1}, new double[] {0}, null), twoChannels()), 1e-6f);
        assertThrows(IllegalArgumentException.class,
                () -> apply(new Processing.ScaleLinear(new double[] {1, 2, 3}, new double[] {0, 0, 0}, "channel"), twoChannels()));
    }

    @Test
    void scaleRangeWithPercentilesPerChannelAndFromAReferenceTensor() {
        // numpy: percentile([1, 3], 50) = 2, percentile([1, 3], 100) = 3
        float[] v = apply(new Processing.ScaleRange(List.of("x"), 50, 100, 0, null), twoChannels());
        assertArrayEquals(new float[] {-1, 1, -1, 1}, v, 1e-6f);
        Tensor ref = new Tensor("ref", new long[] {1, 2, 1, 2}, new float[] {0, 2, 0, 20});
        float[] r = TensorProcessing.apply(List.of(new Processing.ScaleRange(List.of("y", "x"), 0, 100, 0, "ref")), twoChannels(), BCYX,
                Map.of("ref", new TensorProcessing.Named(ref, BCYX))).data();
        assertArrayEquals(new float[] {0.5f, 1.5f, 0.5f, 1.5f}, r, 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(new Processing.ScaleRange(null, 0, 100, 1e-6, "missing"), twoChannels()));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void scaleMeanVarianceMatchesTheReferenceDistribution() {
        Tensor ref = new Tensor("ref", new long[] {1, 2, 1, 2}, new float[] {4, 8, 0, 2}); // mean 6 std 2; mean 1 std 1
        float[] v = TensorProcessing.apply(List.of(new Processing.ScaleMeanVariance("ref", List.of("y", "x"), 1e-9)), twoChannels(), BCYX,
                Map.of("ref", new TensorProcessing.Named(ref, BCYX))).data();
        assertArrayEquals(new float[] {4, 8, 0, 2}, v, 1e-5f);
    }

    @Test
    void softmaxAlongTheChannelAxis() {
        float[] v = apply(new Processing.Softmax("channel"), new Tensor("t", new long[] {1, 2, 1, 2}, new float[] {0, 5, (float) Math.log(3), 5}));
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 0.5f}, v, 1e-6f);
    }

    @Test
    void pointwiseSteps() {
        assertArrayEquals(new float[] {2, 3, 10, 10}, apply(new Processing.Clip(2, 10), twoChannels()), 0);
        assertArrayEquals(new float[] {0, 1, 0, 1}, apply(new Processing.Binarize(new double[] {2, 20}, "channel"), twoChannels()), 0);
        assertArrayEquals(new float[] {1, 1, 1, 1}, apply(new Processing.Binarize(new double[] {0.5}, null), twoChannels()), 0);
        assertEquals(0.5f, apply(new Processing.Sigmoid(), new Tensor("t", new long[] {1, 1, 1, 1}, new float[] {0}))[0], 1e-7f);
        Tensor odd = new Tensor("t", new long[] {1, 1, 1, 4}, new float[] {-3.7f, 2.9f, 300, 0.2f});
        assertArrayEquals(new float[] {0, 2, 255, 0}, apply(new Processing.EnsureDtype(Processing.DataType.UINT8), odd), 0);
        assertArrayEquals(new float[] {-3, 2, 127, 0}, apply(new Processing.EnsureDtype(Processing.DataType.INT8), odd), 0);
        assertArrayEquals(new float[] {1, 1, 1, 1}, apply(new Processing.EnsureDtype(Processing.DataType.BOOL), odd), 0);
        assertArrayEquals(odd.data(), apply(new Processing.EnsureDtype(Processing.DataType.FLOAT32), odd), 0);
    }

    @Test
    void stepsRunInOrderAndLeaveTheInputUnchanged() {
        Tensor t = twoChannels();
        float[] v = TensorProcessing.apply(List.of(new Processing.ScaleLinear(new double[] {2}, new double[] {0}, null),
                new Processing.Clip(0, 10)), t, BCYX, Map.of()).data();
        assertArrayEquals(new float[] {2, 6, 10, 10}, v, 0);
        assertArrayEquals(new float[] {1, 3, 10, 30}, t.data(), 0);
    }

    @Test
    void namingAnAxisTheTensorLacksIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(new Processing.ZeroMeanUnitVariance(List.of("z"), 1e-6), twoChannels()));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
    }
}
