package org.condseg.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What a user needs to know of a model before using it, in plain lines: what it is for (the
 * description), tags, its held-out accuracy (from the package's {@code evaluation.json}, each set's
 * Dice figures beside their baselines where the file has them), licence, citations and where its card is.
 *
 * <pre>{@code
 * ModelSummary.of(spec).forEach(IJ::log);
 * }</pre>
 */
public final class ModelSummary {

    private static final long MAX_EVALUATION_BYTES = 1 << 20;

    private ModelSummary() {
    }

    public static List<String> of(ModelSpec s) throws ModelPackageException {
        Path rdf = ModelPackageReader.description(s.folder());
        YamlNode root = YamlNode.root(ModelPackageReader.load(rdf), rdf);
        List<String> out = new ArrayList<>();
        out.add(s.name() + " (" + s.id() + ")");
        String description = root.string("description", "");
        if (!description.isBlank())
            out.add("what it is:  " + description.replaceAll("\\s+", " ").strip());
        if (root.has("tags"))
            out.add("tags:        " + String.join(", ", root.get("tags").strings()));
        out.addAll(accuracy(s.folder().resolve("evaluation.json")));
        out.add("licence:     " + root.string("license", "not given"));
        YamlNode cite = root.opt("cite");
        if (cite != null)
            for (YamlNode c : cite.list())
                out.add("cite:        " + c.string("text", "") + (c.has("doi") ? " doi:" + c.string("doi") : "")
                        + (c.has("url") ? " " + c.string("url") : ""));
        String card = root.string("documentation", "README.md");
        if (Files.isRegularFile(s.folder().resolve(card)))
            out.add("model card:  " + s.folder().resolve(card).toAbsolutePath().normalize());
        return out;
    }

    /** One line per held-out set of {@code evaluation.json}: its size and every Dice and baseline figure. */
    static List<String> accuracy(Path evaluation) {
        List<String> out = new ArrayList<>();
        try {
            if (!Files.isRegularFile(evaluation) || Files.size(evaluation) > MAX_EVALUATION_BYTES)
                return out;
            JsonElement e;
            try (Reader r = Files.newBufferedReader(evaluation, StandardCharsets.UTF_8)) {
                e = JsonParser.parseReader(r);
            }
            if (!e.isJsonObject())
                return out;
            for (Map.Entry<String, JsonElement> set : e.getAsJsonObject().entrySet()) {
                if (set.getKey().startsWith("_") || !set.getValue().isJsonObject())
                    continue;
                String figures = figures(set.getValue().getAsJsonObject());
                if (!figures.isEmpty())
                    out.add("held out:    " + set.getKey() + ": " + figures);
            }
        } catch (IOException | RuntimeException ignored) {
            // a missing or unreadable evaluation leaves the accuracy out; the card still names it
        }
        return out;
    }

    private static String figures(JsonObject o) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> f : o.entrySet()) {
            String k = f.getKey();
            boolean wanted = k.equals("n") || k.equals("pairs") || k.contains("dice") || k.startsWith("baseline") || k.equals("gain");
            if (wanted && f.getValue().isJsonPrimitive() && f.getValue().getAsJsonPrimitive().isNumber()) {
                double v = f.getValue().getAsDouble();
                parts.add(k.replace('_', ' ') + " " + (v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v)
                        : String.format(Locale.ROOT, "%.3f", v)));
            }
        }
        return String.join(", ", parts);
    }
}
