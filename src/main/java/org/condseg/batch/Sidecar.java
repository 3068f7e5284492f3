package org.condseg.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.condseg.io.medical.AtomicFiles;
import org.condseg.model.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The provenance sidecar of one output, written last and atomically, so that its presence marks the
 * case finished: the case, the input and its sha256, the output's name and sha256, the sha256 of the
 * request (model weights, prompts, options), the labels with their voxels and volumes, and the label
 * image's provenance. It holds no time and no host name: two runs of one batch write the same bytes.
 *
 * <pre>{@code
 * Sidecar.write(c, inputSha, request, outputSha, result, provenanceJson);
 * Sidecar.write(c, "hdfs://nn/scans/p1.nii.gz", inputSha, request, outputSha, result, provenanceJson);
 * Optional<CaseResult> done = Sidecar.finished(c, inputSha, request);
 * }</pre>
 */
public final class Sidecar {

    /** The largest sidecar read back. */
    static final int MAX_BYTES = 4 << 20;

    private Sidecar() {
    }

    /** Writes the sidecar of {@code c}, naming its input by its absolute path. */
    public static void write(BatchCase c, String inputSha, String request, String outputSha, CaseResult r,
            String provenance) throws IOException {
        write(c, c.input().toAbsolutePath().normalize().toString(), inputSha, request, outputSha, r, provenance);
    }

    /** Writes the sidecar of {@code c}, naming its input {@code inputName} (a path or a URI). */
    public static void write(BatchCase c, String inputName, String inputSha, String request, String outputSha, CaseResult r,
            String provenance) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", c.id());
        m.put("input", inputName);
        m.put("input_sha256", inputSha);
        m.put("output", c.output().getFileName().toString());
        m.put("output_sha256", outputSha);
        m.put("request_sha256", request);
        m.put("prompts", c.prompts().text());
        m.put("labels", r.labels());
        Map<String, Object> voxels = new LinkedHashMap<>(), volumes = new LinkedHashMap<>();
        r.voxels().forEach((label, n) -> voxels.put(label.toString(), n));
        r.volumes().forEach((label, v) -> volumes.put(label.toString(), v));
        m.put("voxels", voxels);
        m.put("voxel_volume", r.voxelVolume());
        m.put("volumes", volumes);
        m.put("unit", r.unit());
        m.put("provenance", provenance == null ? null : Json.document(provenance));
        String text = Json.write(m) + "\n";
        AtomicFiles.write(c.sidecar(), false, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The result of an earlier run of this case, where it finished with this input and request: the
     * sidecar names both checksums, and the output is there with the checksum the sidecar recorded.
     */
    public static Optional<CaseResult> finished(BatchCase c, String inputSha, String request) {
        try {
            if (!Files.isRegularFile(c.sidecar()) || !Files.isRegularFile(c.output()) || Files.size(c.sidecar()) > MAX_BYTES)
                return Optional.empty();
            Map<?, ?> m = read(c.sidecar());
            if (m == null || !inputSha.equals(m.get("input_sha256")) || !request.equals(m.get("request_sha256"))
                    || !c.output().getFileName().toString().equals(m.get("output"))
                    || !InputDigest.of(c.output()).equals(m.get("output_sha256")))
                return Optional.empty();
            SortedMap<Integer, Long> voxels = new TreeMap<>();
            if (m.get("voxels") instanceof Map<?, ?> v)
                for (Map.Entry<?, ?> e : v.entrySet())
                    voxels.put(Integer.parseInt(String.valueOf(e.getKey())), ((Number) e.getValue()).longValue());
            double voxelVolume = m.get("voxel_volume") instanceof Number n ? n.doubleValue() : 1;
            String unit = m.get("unit") instanceof String s ? s : "pixel";
            return Optional.of(new CaseResult(c.id(), CaseResult.Status.SKIPPED, "", 0, 0, voxels, voxelVolume, unit));
        } catch (IOException | RuntimeException e) {
            // an unreadable or foreign sidecar: the case runs again and replaces it
            return Optional.empty();
        }
    }

    private static Map<?, ?> read(Path file) throws IOException {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(0);
        o.setNestingDepthLimit(20);
        o.setCodePointLimit(MAX_BYTES);
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml(new SafeConstructor(o)).load(in) instanceof Map<?, ?> m ? m : null;
        }
    }
}
