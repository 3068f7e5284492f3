package org.condseg.plugins;

import java.util.LinkedHashMap;
import java.util.Map;

import org.condseg.io.Models;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.runtime.Network;

import ij.IJ;

/**
 * The models the annotation tool and {@code Annotate...} keep open for the ImageJ session, so that a
 * prompt costs one engine call and not a model load: at most {@link #KEPT} at a time, the least
 * recently used closed first.
 *
 * <pre>{@code
 * LoadedModels.Loaded m = LoadedModels.get("interactive-2d");
 * new AnnotationSession(imp, m.spec(), m.network(), LoadedModels.OPTIONS);
 * }</pre>
 */
final class LoadedModels {

    /** Models kept open at once (a 2D and a 3D model, and one more). */
    static final int KEPT = 3;

    /** How annotation runs: on the CPU, the engine choosing its threads. */
    static final SegmentOptions OPTIONS = SegmentOptions.defaults();

    /** An open model. */
    record Loaded(ModelSpec spec, Network network) {
    }

    private static final Map<String, Loaded> OPEN = new LinkedHashMap<>(4, 0.75f, true);

    private LoadedModels() {
    }

    /** The model {@code id} (or package folder), opened on first use. */
    static synchronized Loaded get(String id) throws CondSegException {
        Loaded l = OPEN.get(id);
        if (l != null)
            return l;
        ModelSpec spec = Models.standard(null).find(id);
        Network net = Models.open(spec, OPTIONS, IJ::log);
        l = new Loaded(spec, net);
        OPEN.put(id, l);
        while (OPEN.size() > KEPT) {
            var eldest = OPEN.entrySet().iterator().next();
            OPEN.remove(eldest.getKey());
            eldest.getValue().network().close();
        }
        return l;
    }
}
