package org.condseg.model;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;

/**
 * Small JSON documents (provenance, reports, sidecars), written by Gson from maps, lists, arrays of
 * any primitive type, strings, numbers, booleans and enums. The output is deterministic, so the same
 * values give the same bytes: ordered maps ({@code LinkedHashMap}, sorted maps) keep their order, the
 * keys of other maps (such as {@code Map.of}, whose order changes from run to run) are sorted; doubles
 * are written with six significant digits, non-finite ones as {@code null}. Documents are edited as
 * documents ({@link #with}, {@link #without}), never as text.
 *
 * <pre>{@code
 * String s = Json.write(Map.of("model", "interactive-2d", "padded", new int[] {8, 8}));
 * String t = Json.with(s, "refine", "fill-holes");   // {"model":...,"padded":[8,8],"refine":"fill-holes"}
 * }</pre>
 */
public final class Json {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {
    }

    public static String write(Object value) {
        return GSON.toJson(tree(value));
    }

    /**
     * The JSON object {@code document} with {@code key} set to {@code value} (added at its end where new);
     * a {@code null}, blank or non-object document counts as an empty object.
     */
    public static String with(String document, String key, Object value) {
        JsonObject o = object(document);
        o.remove(key);
        o.add(key, tree(value));
        return GSON.toJson(o);
    }

    /** The JSON object {@code document} without {@code key}; {@code null} stays {@code null}. */
    public static String without(String document, String key) {
        if (document == null)
            return null;
        JsonObject o = object(document);
        o.remove(key);
        return GSON.toJson(o);
    }

    /** A JSON array of the given JSON documents (each parsed, so that the result is valid JSON). */
    public static String arrayOf(Collection<String> documents) {
        JsonArray a = new JsonArray();
        for (String d : documents)
            a.add(parse(d));
        return GSON.toJson(a);
    }

    /** A JSON document as a value {@link #write} takes (to nest one document in another). */
    public static Object document(String json) {
        return new Document(parse(json));
    }

    private record Document(JsonElement element) {
    }

    private static JsonObject object(String document) {
        JsonElement e = document == null || document.isBlank() ? null : parse(document);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    private static JsonElement parse(String json) {
        try {
            return json == null ? JsonNull.INSTANCE : JsonParser.parseString(json);
        } catch (JsonParseException e) {
            return new JsonPrimitive(json);
        }
    }

    private static JsonElement tree(Object v) {
        if (v == null)
            return JsonNull.INSTANCE;
        if (v instanceof Document d)
            return d.element().deepCopy();
        if (v instanceof JsonElement e)
            return e.deepCopy();
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            ordered(m).forEach((k, val) -> o.add(String.valueOf(k), tree(val)));
            return o;
        }
        if (v instanceof Iterable<?> l) {
            JsonArray a = new JsonArray();
            for (Object x : l)
                a.add(tree(x));
            return a;
        }
        if (v.getClass().isArray()) {
            JsonArray a = new JsonArray();
            for (int i = 0; i < Array.getLength(v); i++)
                a.add(tree(Array.get(v, i)));
            return a;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d)
                    ? new JsonPrimitive(new LazilyParsedNumber(String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(e|$)", "$1")))
                    : JsonNull.INSTANCE;
        }
        if (v instanceof Number n)
            return new JsonPrimitive(n);
        if (v instanceof Boolean b)
            return new JsonPrimitive(b);
        if (v instanceof Enum<?> e)
            return new JsonPrimitive(e.name().toLowerCase(Locale.ROOT));
        return new JsonPrimitive(v.toString());
    }

    private static Map<?, ?> ordered(Map<?, ?> m) {
        if (m instanceof LinkedHashMap || m instanceof SortedMap)
            return m;
        Map<String, Object> sorted = new TreeMap<>();
        m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
        return sorted;
    }
}
