package org.condseg.segment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.Json;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentRequest;

/**
 * The provenance JSON stored with a label image: CondSeg's version, the model id and weights sha256,
 * the prompts, the seed and samples, the run's details (tiling or window) and the time
 * ({@code created}); {@link #reproducible} drops the time, for outputs that must be byte-identical
 * from run to run (batch outputs).
 *
 * <pre>{@code
 * String json = Provenance.of(spec, request, Map.of("tile", List.of(256, 256)));
 * }</pre>
 */
public final class Provenance {

    private Provenance() {
    }

    /** CondSeg's version from the jar manifest ("dev" when run from classes). */
    public static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static String of(ModelSpec spec, SegmentRequest request, Map<String, Object> run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("condseg_version", version());
        m.put("model", Map.of("id", spec.id(), "sha256", spec.sha256() == null ? "" : spec.sha256()));
        m.put("image", request.image().name());
        Map<String, Object> prompts = new LinkedHashMap<>();
        List<Object> points = new ArrayList<>();
        for (Click c : request.prompts().clicks())
            points.add(Map.of("x", c.x(), "y", c.y(), "z", c.z(), "positive", c.positive()));
        List<Object> boxes = new ArrayList<>();
        for (Box b : request.prompts().boxes())
            boxes.add(new long[] {b.x(), b.y(), b.width(), b.height(), b.z(), b.depth()});
        prompts.put("points", points);
        prompts.put("boxes", boxes);
        prompts.put("mask", request.prompts().mask() != null);
        if (request.prompts().className() != null)
            prompts.put("class", request.prompts().className());
        m.put("prompts", prompts);
        m.put("samples", request.options().samples());
        m.put("seed", request.options().seed());
        m.put("run", run);
        m.put("created", Instant.now().toString());
        return Json.write(m);
    }

    /** The provenance without its {@code created} time: the same request gives the same text. */
    public static String reproducible(String provenance) {
        return Json.without(provenance, "created");
    }
}
