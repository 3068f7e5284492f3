package org.condseg.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.condseg.model.RunException;
import org.condseg.model.Tensor;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.Model;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtSession;

/**
 * A {@link Network} over one ONNX Runtime session through DJL. Inputs are bound to the graph's inputs by
 * position, never by name. They go in as direct native-order
 * buffers; each call's arrays live in a sub-manager closed at the end of the call. The native work runs on
 * an {@link EngineThreads} thread.
 *
 * <pre>{@code
 * try (Network net = Networks.open(spec, options)) { ... }
 * }</pre>
 */
final class OrtNetwork implements Network {

    private final Model model;
    private final OrtSession.SessionOptions settings;
    private final Predictor<NDList, NDList> predictor;
    private final String name;
    private final String device;
    private final List<FloatBuffer> buffers = new ArrayList<>();

    OrtNetwork(Model model, OrtSession.SessionOptions settings, String name, String device) {
        this.model = model;
        this.settings = settings;
        this.predictor = model.newPredictor(new NoopTranslator());
        this.name = name;
        this.device = device;
    }

    @Override
    public synchronized List<Tensor> run(List<Tensor> inputs) throws RunException {
        return EngineThreads.call(() -> NativeCalls.run(() -> runHere(inputs)));
    }

    private List<Tensor> runHere(List<Tensor> inputs) throws RunException {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList in = new NDList();
            for (int i = 0; i < inputs.size(); i++)
                in.add(array(manager, inputs.get(i), i));
            NDList out = predictor.predict(in);
            List<Tensor> result = new ArrayList<>();
            for (NDArray a : out)
                result.add(new Tensor(a.getName() == null ? "" : a.getName(), a.getShape().getShape(), a.toFloatArray()));
            return result;
        } catch (TranslateException | RuntimeException e) {
            throw new RunException(name, OrtMessages.failed(firstLine(e)), e);
        }
    }

    /** Copies a tensor into the input's reused direct buffer (ONNX Runtime reads direct buffers in place). */
    private NDArray array(NDManager manager, Tensor t, int index) {
        while (buffers.size() <= index)
            buffers.add(allocate(0));
        FloatBuffer fb = buffers.get(index);
        if (fb.capacity() < t.data().length) {
            fb = allocate(t.data().length);
            buffers.set(index, fb);
        }
        fb.clear();
        fb.put(t.data()).flip();
        // no name: DJL then binds the arrays to the graph's inputs by position, as bioimage.io does (a tensor's
        // id in the description need not be the graph's input name)
        return manager.create(fb, new Shape(t.shape()));
    }

    private static FloatBuffer allocate(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null)
            t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public synchronized void close() {
        EngineThreads.call(() -> {
            predictor.close();
            model.close();
            settings.close();
            return null;
        });
    }

}
