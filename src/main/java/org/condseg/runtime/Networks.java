package org.condseg.runtime;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Opens {@link Network}s: one ONNX Runtime session with the requested threads on the requested device,
 * falling back from GPU to CPU with a message where CUDA cannot load. The graph's inputs are first
 * checked against the description (names, ranks, fixed sizes). Callers check the weights first
 * ({@code org.condseg.io.Models#open} does both).
 *
 * <pre>{@code
 * try (Network net = Networks.open(spec, SegmentOptions.defaults().withThreads(2), System.err::println)) { ... }
 * }</pre>
 */
public final class Networks {

    static {
        Offline.ensure();
    }

    private Networks() {
    }

    /**
     * Opens the model's ONNX weights; {@code notices} receives the one-line GPU fallback message. DJL finds
     * its engines through the thread's context class loader; in ImageJ that loader does not see the plugin
     * jars, so ours is set for the duration of the call.
     */
    public static Network open(ModelSpec spec, SegmentOptions options, Consumer<String> notices)
            throws ModelPackageException {
        return EngineThreads.call(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(Networks.class.getClassLoader());
            try {
                return NativeCalls.run(() -> openHere(spec, options, notices));
            } finally {
                thread.setContextClassLoader(previous);
            }
        });
    }

    private static Network openHere(ModelSpec spec, SegmentOptions options, Consumer<String> notices)
            throws ModelPackageException {
        Engine.getEngine("OnnxRuntime");
        OnnxSignature.check(spec);
        boolean wantGpu = options.device().wantsGpu();
        if (wantGpu) {
            if (Engine.getEngine("OnnxRuntime").getGpuCount() > 0) {
                try {
                    return load(spec, options, Device.gpu());
                } catch (ModelPackageException e) {
                    notices.accept("condseg: GPU unavailable (" + e.getMessage() + "), running on CPU");
                }
            } else {
                notices.accept("condseg: no GPU visible to ONNX Runtime, running on CPU");
            }
        }
        return load(spec, options, Device.cpu());
    }

    private static Network load(ModelSpec spec, SegmentOptions options, Device device) throws ModelPackageException {
        OrtSession.SessionOptions settings = null;
        Model model = null;
        try {
            settings = SessionSettings.create(options.threads());
            model = Model.newInstance(spec.id(), device, "OnnxRuntime");
            // Model.load takes objects (unlike Criteria's string options): our session settings go in whole
            model.load(spec.weights(), spec.weights().getFileName().toString(), Map.of("sessionOptions", settings));
            return new FiniteOutputs(new OrtNetwork(model, settings, spec.id(), device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : "cpu"),
                    spec.id());
        } catch (MalformedModelException | IOException | OrtException | RuntimeException e) {
            if (model != null)
                model.close();
            if (settings != null)
                settings.close();
            throw new ModelPackageException(spec.weights(), "ONNX weights do not load: " + OrtNetwork.firstLine(e), e);
        }
    }
}
