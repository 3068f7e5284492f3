package org.condseg.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime session settings every session of ours uses, through DJL or directly: the thread
 * counts, and no spin-waiting of idle pool threads. Spinning keeps a core busy between engine calls,
 * which on a small machine slows the pre- and post-processing that runs between them.
 *
 * <pre>{@code
 * OrtSession.SessionOptions o = SessionSettings.create(2);
 * }</pre>
 */
final class SessionSettings {

    private SessionSettings() {
    }

    /** New session options with {@code threads} intra-op threads (0: the engine's choice), one inter-op thread. */
    static OrtSession.SessionOptions create(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        if (threads > 0)
            o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        // ONNX Runtime's own log lines (a kernel error, coloured) would break the one-line rule: its
        // errors reach the user through the exception's message, folded into ours
        o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
        o.addConfigEntry("session.intra_op.allow_spinning", "0");
        o.addConfigEntry("session.inter_op.allow_spinning", "0");
        return o;
    }
}
