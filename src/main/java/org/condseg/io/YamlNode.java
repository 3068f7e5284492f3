package org.condseg.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.condseg.model.ModelPackageException;

/**
 * A typed view of one node of a parsed YAML document, whose getters name the field (as a path such
 * as {@code inputs[0].axes[2].size}) in the error when it is missing or of the wrong type.
 *
 * <pre>{@code
 * YamlNode root = YamlNode.root(map, rdfPath);
 * String name = root.string("name");
 * }</pre>
 */
final class YamlNode {

    private final Object value;
    private final String path;
    private final Path file;

    private YamlNode(Object value, String path, Path file) {
        this.value = value;
        this.path = path;
        this.file = file;
    }

    static YamlNode root(Object value, Path file) {
        return new YamlNode(value, "", file);
    }

    Object raw() {
        return value;
    }

    String path() {
        return path.isEmpty() ? "(root)" : path;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isNumber() {
        return value instanceof Number;
    }

    boolean has(String key) {
        return value instanceof Map<?, ?> m && m.get(key) != null;
    }

    YamlNode get(String key) throws ModelPackageException {
        if (!(value instanceof Map<?, ?> m))
            throw error("expected a mapping");
        Object child = m.get(key);
        String p = path.isEmpty() ? key : path + "." + key;
        if (child == null)
            throw new ModelPackageException(file, "field " + p + " is missing");
        return new YamlNode(child, p, file);
    }

    /** The child, or {@code null} where absent. */
    YamlNode opt(String key) throws ModelPackageException {
        return has(key) ? get(key) : null;
    }

    /** The child mapping, or an empty mapping (with the child's path) where absent. */
    YamlNode mapOrEmpty(String key) throws ModelPackageException {
        if (has(key)) {
            YamlNode n = get(key);
            if (!n.isMap())
                throw n.error("expected a mapping");
            return n;
        }
        return new YamlNode(Map.of(), path.isEmpty() ? key : path + "." + key, file);
    }

    List<YamlNode> list() throws ModelPackageException {
        if (!(value instanceof List<?> l))
            throw error("expected a list");
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++)
            out.add(new YamlNode(l.get(i), path + "[" + i + "]", file));
        return out;
    }

    String string() throws ModelPackageException {
        if (value instanceof String s)
            return s;
        if (value instanceof Number || value instanceof Boolean)
            return value.toString();
        throw error("expected text");
    }

    double number() throws ModelPackageException {
        if (value instanceof Number n && Double.isFinite(n.doubleValue()))
            return n.doubleValue();
        throw error("expected a finite number");
    }

    int integer(int min, int max) throws ModelPackageException {
        if (!(value instanceof Integer || value instanceof Long))
            throw error("expected a whole number");
        long v = ((Number) value).longValue();
        if (v < min || v > max)
            throw error("expected a whole number in [" + min + ", " + max + "]");
        return (int) v;
    }

    boolean bool() throws ModelPackageException {
        if (value instanceof Boolean b)
            return b;
        throw error("expected true or false");
    }

    String string(String key) throws ModelPackageException {
        return get(key).string();
    }

    String string(String key, String fallback) throws ModelPackageException {
        return has(key) ? get(key).string() : fallback;
    }

    double number(String key, double fallback) throws ModelPackageException {
        return has(key) ? get(key).number() : fallback;
    }

    double[] numbers() throws ModelPackageException {
        if (isNumber())
            return new double[] {number()};
        List<YamlNode> l = list();
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++)
            out[i] = l.get(i).number();
        return out;
    }

    List<String> strings() throws ModelPackageException {
        List<String> out = new ArrayList<>();
        for (YamlNode n : list())
            out.add(n.string());
        return out;
    }

    /** Refuses a mapping with a key not among {@code keys}, naming it and the known ones. */
    void only(String... keys) throws ModelPackageException {
        if (!(value instanceof Map<?, ?> m))
            throw error("expected a mapping");
        java.util.Set<String> known = java.util.Set.of(keys);
        for (Object k : m.keySet())
            if (!known.contains(String.valueOf(k)))
                throw new ModelPackageException(file, "field " + path() + ": '" + k + "' is not one of its fields ("
                        + String.join(", ", keys) + ")");
    }

    ModelPackageException error(String what) {
        String shown = String.valueOf(value);
        if (shown.length() > 40)
            shown = shown.substring(0, 40) + "...";
        return new ModelPackageException(file, "field " + path() + ": " + what + ", got '" + shown + "'");
    }
}
