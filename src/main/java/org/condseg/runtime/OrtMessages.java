package org.condseg.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONNX Runtime's error messages folded into one readable line: the Java exception class names DJL and
 * ONNX Runtime put in front, the status code, and the C++ source location and failed condition of an
 * {@code ORT_ENFORCE} are dropped; a kernel's failure names its node (type, and name where it has one).
 *
 * <pre>{@code
 * OrtMessages.failed("ai.djl.engine.EngineException: ai.onnxruntime.OrtException: Error code - ORT_FAIL - message: "
 *         + "Non-zero status code returned while running Reshape node. Name:'' Status Message: "
 *         + "/src/reshape_helper.h:84 f() size != 0 was false. The input tensor cannot be reshaped");
 * // ONNX Runtime failed in its Reshape node: The input tensor cannot be reshaped
 * }</pre>
 */
final class OrtMessages {

    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");
    private static final Pattern STATUS = Pattern.compile("^Error code - ORT_\\w+ - message: ");
    private static final Pattern KERNEL = Pattern.compile(
            "^Non-zero status code returned while running (\\w+) node\\. Name:'(.*?)' Status Message: (.*)$");
    private static final Pattern ENFORCE = Pattern.compile("^\\S+:\\d+ .*? was false\\. ");

    private OrtMessages() {
    }

    /** "ONNX Runtime failed" and the folded message: "… in its Reshape node: …", or "…: <message>". */
    static String failed(String message) {
        String f = fold(message);
        return "ONNX Runtime failed" + (f.startsWith("in its ") ? " " : ": ") + f;
    }

    /** The message without its exception classes, status code and C++ source location. */
    static String fold(String message) {
        String m = message.strip();
        String before;
        do {
            before = m;
            m = CLASS_PREFIX.matcher(m).replaceFirst("");
            m = STATUS.matcher(m).replaceFirst("");
        } while (!m.equals(before));
        Matcher k = KERNEL.matcher(m);
        if (!k.matches())
            return m;
        String status = ENFORCE.matcher(k.group(3)).replaceFirst("").strip();
        String node = k.group(1) + " node" + (k.group(2).isEmpty() ? "" : " '" + k.group(2) + "'");
        return "in its " + node + (status.isEmpty() ? "" : ": " + status);
    }
}
