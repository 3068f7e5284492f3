package org.condseg.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** ONNX Runtime's messages as they reach the user, folded into our one line. */
class OrtMessagesTest {

    /** The message ONNX Runtime 1.2x gives for a Reshape that does not fit, as DJL wraps it. */
    @Test
    void aKernelFailureNamesItsNodeAndKeepsOnlyTheReason() {
        String raw = "ai.djl.engine.EngineException: ai.onnxruntime.OrtException: Error code - ORT_FAIL - message: Non-zero status"
                + " code returned while running Reshape node. Name:'' Status Message: /onnxruntime_src/onnxruntime/core/providers/cpu/"
                + "tensor/reshape_helper.h:84 onnxruntime::ReshapeHelper::ReshapeHelper(const onnxruntime::TensorShape&, "
                + "onnxruntime::TensorShapeVector&, bool) size != 0 && (input_shape_size % size) == 0 was false. The input tensor "
                + "cannot be reshaped to the requested shape. Input shape:{1,1,32,32}, requested shape:{-1,1,7,7}";
        assertEquals("ONNX Runtime failed in its Reshape node: The input tensor cannot be reshaped to the requested shape. "
                + "Input shape:{1,1,32,32}, requested shape:{-1,1,7,7}", OrtMessages.failed(raw));
    }

    @Test
    void aNamedNodeIsNamedAndOtherMessagesLoseOnlyTheirPrefixes() {
        assertEquals("ONNX Runtime failed in its Gather node '/enc/Gather_3': indices element out of data bounds, idx=9",
                OrtMessages.failed("ai.onnxruntime.OrtException: Error code - ORT_INVALID_ARGUMENT - message: Non-zero status code"
                        + " returned while running Gather node. Name:'/enc/Gather_3' Status Message: indices element out of data"
                        + " bounds, idx=9"));
        assertEquals("ONNX Runtime failed: Unexpected input data type. Actual: (tensor(double)) , expected: (tensor(float))",
                OrtMessages.failed("ai.onnxruntime.OrtException: Error code - ORT_INVALID_ARGUMENT - message: Unexpected input data"
                        + " type. Actual: (tensor(double)) , expected: (tensor(float))"));
        assertEquals("ONNX Runtime failed: out of memory", OrtMessages.failed("out of memory"));
    }
}
