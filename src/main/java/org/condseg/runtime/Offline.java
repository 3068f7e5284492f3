package org.condseg.runtime;

/**
 * Keeps DJL from ever reaching the network (it phones home on its first engine start otherwise).
 *
 * <pre>{@code
 * Offline.ensure(); // before any DJL class loads an engine
 * }</pre>
 */
public final class Offline {

    private Offline() {
    }

    /** Sets {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} as system properties. */
    public static void ensure() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.onnxruntime.num_threads", System.getProperty("ai.djl.onnxruntime.num_threads", "1"));
    }
}
