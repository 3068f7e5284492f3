package org.condseg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ActivationTest {

    @Test
    void sigmoidAndNoneOnOneChannel() {
        float[] v = {0, 2, -2};
        Activation.SIGMOID.apply(v);
        assertArrayEquals(new float[] {0.5f, 0.880797f, 0.119203f}, v, 1e-6f);
        float[] w = {0.3f, 7f};
        Activation.NONE.apply(w);
        assertArrayEquals(new float[] {0.3f, 7f}, w);
        assertThrows(IllegalStateException.class, () -> Activation.SOFTMAX.apply(new float[1]));
    }

    @Test
    void softmaxTakesTheLastChannelOverAllChannels() {
        // two rows of [background, object] planes of 2 values; the second row starts at offset 4
        float[] out = {9, 9, 0, 1, 1, 0, 3, 0};
        float[] p = new float[2];
        Activation.SOFTMAX.foreground(out, 4, 2, 2, p);
        assertEquals(Activation.sigmoid(3 - 1), p[0], 1e-6);
        assertEquals(0.5, p[1], 1e-6);
        // three channels: e^2 / (e^0 + e^1 + e^2), with large logits that would overflow without the max shift
        float[] three = {1000, 1001, 1002};
        Activation.SOFTMAX.foreground(three, 0, 3, 1, p);
        assertEquals(Math.exp(2) / (1 + Math.E + Math.exp(2)), p[0], 1e-6);
        Activation.SIGMOID.foreground(new float[] {5, 0}, 0, 2, 1, p);
        assertEquals(0.5, p[0], 1e-6);
    }

    @Test
    void namesAreTheOnesInRdfYaml() {
        assertEquals(Activation.SOFTMAX, Activation.parse("softmax"));
        assertEquals("sigmoid", Activation.SIGMOID.text());
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("Sigmoid"));
        assertEquals(Keep.PROMPTED_COMPONENT, Keep.parse("prompted_component"));
        assertThrows(IllegalArgumentException.class, () -> Keep.parse("biggest"));
        assertEquals(Encoding.NEAREST, Encoding.parse("nearest"));
    }
}
