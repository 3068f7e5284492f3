package org.condseg.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.condseg.model.AxisSpec;
import org.condseg.model.TensorSpec;
import org.junit.jupiter.api.Test;

/** A model's own axis order: CondSeg's tiles {@code [C, Y, X]} moved into it and back. */
class LayoutTest {

    private static final AxisSpec BATCH = new AxisSpec("batch", "batch", 1, 1, 0, List.of());
    private static final AxisSpec CHANNELS = new AxisSpec("channel", "channel", 2, 2, 0, List.of("a", "b"));

    private static TensorSpec tensor(AxisSpec... axes) {
        return new TensorSpec("t", List.of(axes), "float32", List.of(), null);
    }

    /** Value 100 c + 10 y + x at channel c, row y, column x, for 2 channels of 3 x 2 (x, y). */
    private static float[] canonical() {
        float[] v = new float[2 * 2 * 3];
        int i = 0;
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 3; x++)
                    v[i++] = 100 * c + 10 * y + x;
        return v;
    }

    @Test
    void channelsLastAndXBeforeY() {
        Layout l = new Layout(tensor(BATCH, AxisSpec.space("x", 0), AxisSpec.space("y", 0), CHANNELS), 2);
        long[] size = {3, 2};
        assertArrayEquals(new long[] {1, 3, 2, 2}, l.shape(2, size));
        float[] model = l.toModel(canonical(), 2, size);
        // [b, x, y, c]: c fastest, then y, then x
        assertArrayEquals(new float[] {0, 100, 10, 110, 1, 101, 11, 111, 2, 102, 12, 112}, model);
        assertArrayEquals(canonical(), l.fromModel(model, 2, size));
    }

    @Test
    void spaceAxesWithoutTheIdsXYZGoByPosition() {
        Layout l = new Layout(tensor(CHANNELS, AxisSpec.space("h", 0), AxisSpec.space("w", 0)), 2);
        assertArrayEquals(new long[] {2, 2, 3}, l.shape(2, new long[] {3, 2}));
        float[] c = canonical();
        assertSame(c, l.toModel(c, 2, new long[] {3, 2}), "CondSeg's order: no copy");
    }

    @Test
    void a2dModelOverA3dImageTakesTheSlicesAsItsBatch() {
        Layout l = new Layout(tensor(BATCH, CHANNELS, AxisSpec.space("y", 0), AxisSpec.space("x", 0)), 3);
        assertArrayEquals(new long[] {4, 2, 2, 3}, l.shape(2, new long[] {3, 2, 4}));
        assertThrows(IllegalArgumentException.class,
                () -> new Layout(tensor(CHANNELS, AxisSpec.space("y", 0), AxisSpec.space("x", 0)), 3));
    }
}
