package org.condseg.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.condseg.model.AxisSpec;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Processing;
import org.condseg.model.TensorSpec;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a model package folder: its bioimage.io description ({@code rdf.yaml} or
 * {@code bioimageio.yaml}, format 0.4 or 0.5) with our {@code config.condseg} section. The YAML is
 * loaded safely (no tags, few aliases, bounded size and depth); the weights are checked by
 * {@link #verifyWeights(ModelSpec)}, which the runtime calls before it loads them.
 *
 * <pre>{@code
 * ModelSpec spec = ModelPackageReader.read(Path.of("models/interactive-2d"));
 * }</pre>
 */
public final class ModelPackageReader {

    /** The largest description we read. */
    public static final long MAX_DESCRIPTION_BYTES = 1 << 20;

    /** The most tensors, axes per tensor, channels per tensor, and values per tensor a description may declare. */
    static final int MAX_TENSORS = 16, MAX_AXES = 8, MAX_CHANNELS = 4096;
    static final long MAX_VALUES = 1L << 31;

    private ModelPackageReader() {
    }

    /** Reads the package in {@code folder}. */
    public static ModelSpec read(Path folder) throws ModelPackageException {
        Path rdf = description(folder);
        YamlNode root = YamlNode.root(load(rdf), rdf);
        if (!root.isMap())
            throw new ModelPackageException(rdf, "is not a YAML mapping");
        String format = root.string("format_version");
        boolean v05 = format.startsWith("0.5");
        if (!v05 && !format.startsWith("0.4"))
            throw new ModelPackageException(rdf, "format_version " + format + " is not 0.4 or 0.5");
        String type = root.string("type", "model");
        if (!type.equals("model"))
            throw new ModelPackageException(rdf, "type is '" + type + "', not 'model'");

        List<TensorSpec> inputs = tensors(root.get("inputs"), v05, true);
        List<TensorSpec> outputs = tensors(root.get("outputs"), v05, false);
        checkSizes(rdf, inputs, "inputs");
        checkSizes(rdf, outputs, "outputs");
        if (!v05) {
            inputs = withTestTensors04(root, "test_inputs", inputs);
            outputs = withTestTensors04(root, "test_outputs", outputs);
        }
        YamlNode onnx = root.get("weights").opt("onnx");
        if (onnx == null)
            throw new ModelPackageException(rdf, "field weights.onnx is missing: CondSeg runs ONNX weights only");
        Path weights = resolveInside(folder, onnx.string("source"), rdf, "weights.onnx.source");
        String sha = onnx.has("sha256") ? onnx.string("sha256").toLowerCase(Locale.ROOT) : null;

        YamlNode config = root.opt("config");
        YamlNode condseg = config == null ? null : config.opt("condseg");
        Conditioning conditioning = condseg == null ? Conditioning.none() : ConditioningReader.read(condseg, inputs.get(0), outputs.get(0));
        Conditioning.Latent latent = conditioning.latent();
        if (latent != null && inputs.stream().noneMatch(t -> t.id().equals(latent.input())))
            throw new ModelPackageException(rdf, "config.condseg.latent.input names '" + latent.input()
                    + "', which is not one of the inputs");
        String id = folder.toAbsolutePath().normalize().getFileName().toString();
        try {
            return new ModelSpec(folder, id, root.string("name", id), format, inputs, outputs, weights, sha,
                    conditioning);
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(rdf, e.getMessage());
        }
    }

    /** Refuses absurd declarations: too many tensors, axes or channels, or tensors beyond 2^31 values. */
    private static void checkSizes(Path rdf, List<TensorSpec> tensors, String field) throws ModelPackageException {
        if (tensors.size() > MAX_TENSORS)
            throw new ModelPackageException(rdf, "field " + field + " declares " + tensors.size() + " tensors, more than "
                    + MAX_TENSORS);
        for (TensorSpec t : tensors) {
            if (t.axes().size() > MAX_AXES)
                throw new ModelPackageException(rdf, "tensor " + t.id() + " declares " + t.axes().size() + " axes, more than "
                        + MAX_AXES);
            long values = 1;
            for (AxisSpec a : t.axes()) {
                if (a.type().equals("channel") && a.size() > MAX_CHANNELS)
                    throw new ModelPackageException(rdf, "tensor " + t.id() + " declares " + a.size() + " channels, more than "
                            + MAX_CHANNELS);
                values *= Math.max(1, Math.max(a.size(), a.min()));
                if (values > MAX_VALUES)
                    throw new ModelPackageException(rdf, "tensor " + t.id() + " declares at least " + values
                            + " values, more than 2^31");
            }
        }
    }

    /** Checks that the weights exist and match the declared sha256. */
    public static void verifyWeights(ModelSpec spec) throws ModelPackageException {
        if (!Files.isRegularFile(spec.weights()))
            throw new ModelPackageException(spec.weights(), "weights file is missing");
        if (spec.sha256() == null)
            return;
        String actual;
        try {
            actual = Checksums.sha256(spec.weights());
        } catch (IOException e) {
            throw new ModelPackageException(spec.weights(), "cannot read weights: " + e.getMessage(), e);
        }
        if (!actual.equals(spec.sha256()))
            throw new ModelPackageException(spec.weights(),
                    "sha256 " + actual + " differs from " + spec.sha256() + " declared in the model description");
    }

    /** The test tensor file of {@code tensor}, which must lie inside the package folder. */
    public static Path testTensor(ModelSpec spec, TensorSpec tensor) throws ModelPackageException {
        if (tensor.testTensor() == null)
            throw new ModelPackageException(spec.folder(), "tensor " + tensor.id() + " has no test tensor");
        return resolveInside(spec.folder(), tensor.testTensor(), spec.folder(), "test tensor of " + tensor.id());
    }

    static Path description(Path folder) throws ModelPackageException {
        if (!Files.isDirectory(folder))
            throw new ModelPackageException(folder, "model folder not found");
        for (String name : new String[] {"rdf.yaml", "bioimageio.yaml"}) {
            Path p = folder.resolve(name);
            if (Files.isRegularFile(p))
                return p;
        }
        throw new ModelPackageException(folder, "no rdf.yaml or bioimageio.yaml in the model folder");
    }

    static Object load(Path rdf) throws ModelPackageException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit((int) MAX_DESCRIPTION_BYTES);
        options.setAllowDuplicateKeys(false);
        try {
            if (Files.size(rdf) > MAX_DESCRIPTION_BYTES)
                throw new ModelPackageException(rdf, "is larger than " + MAX_DESCRIPTION_BYTES + " bytes");
            try (InputStream in = Files.newInputStream(rdf)) {
                Object doc = new Yaml(new SafeConstructor(options)).load(in);
                if (doc == null)
                    throw new ModelPackageException(rdf, "is empty");
                return doc;
            }
        } catch (IOException e) {
            throw new ModelPackageException(rdf, "cannot read: " + e.getMessage(), e);
        } catch (YAMLException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new ModelPackageException(rdf, "invalid YAML: " + msg, e);
        }
    }

    /** Resolves a relative file name inside {@code folder}, refusing absolute paths, URLs and {@code ..}. */
    static Path resolveInside(Path folder, String name, Path rdf, String field) throws ModelPackageException {
        if (name.contains("://"))
            throw new ModelPackageException(rdf, "field " + field + " is a URL (" + name + "); CondSeg never downloads");
        Path base = folder.toAbsolutePath().normalize();
        Path p = base.resolve(name).normalize();
        if (!p.startsWith(base) || Path.of(name).isAbsolute())
            throw new ModelPackageException(rdf, "field " + field + " points outside the model folder: " + name);
        return p;
    }

    private static List<TensorSpec> tensors(YamlNode list, boolean v05, boolean input) throws ModelPackageException {
        List<TensorSpec> out = new ArrayList<>();
        for (YamlNode t : list.list()) {
            String id = v05 ? t.string("id") : t.string("name");
            List<AxisSpec> axes = v05 ? axes05(t.get("axes")) : axes04(t);
            String dataType = v05 ? (t.has("data") && t.get("data").has("type") ? t.get("data").string("type") : "float32")
                    : t.string("data_type", "float32");
            YamlNode proc = t.opt(input ? "preprocessing" : "postprocessing");
            List<Processing> steps = proc == null ? List.of() : ProcessingReader.read(proc);
            String test = null;
            if (v05 && t.has("test_tensor"))
                test = t.get("test_tensor").string("source");
            out.add(new TensorSpec(id, axes, dataType, steps, test));
        }
        if (out.isEmpty())
            throw list.error("expected at least one tensor");
        return out;
    }

    /** Format 0.4 lists the test tensors at the root, one file per tensor in order. */
    private static List<TensorSpec> withTestTensors04(YamlNode root, String key, List<TensorSpec> tensors)
            throws ModelPackageException {
        YamlNode files = root.opt(key);
        if (files == null)
            return tensors;
        List<String> names = files.strings();
        List<TensorSpec> out = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            out.add(new TensorSpec(t.id(), t.axes(), t.dataType(), t.processing(), i < names.size() ? names.get(i) : null));
        }
        return out;
    }

    private static List<AxisSpec> axes05(YamlNode node) throws ModelPackageException {
        List<AxisSpec> axes = new ArrayList<>();
        for (YamlNode a : node.list()) {
            String type = a.string("type");
            String id = a.string("id", switch (type) {
                case "batch" -> "b";
                case "channel" -> "c";
                case "time" -> "t";
                default -> "i";
            });
            List<String> names = a.has("channel_names") ? a.get("channel_names").strings() : List.of();
            if (type.equals("channel")) {
                axes.add(new AxisSpec(type, id, names.size(), names.size(), 0, names));
            } else if (type.equals("batch")) {
                axes.add(new AxisSpec(type, id, 1, 1, 0, List.of()));
            } else {
                axes.add(sized(type, id, a.opt("size")));
            }
        }
        return axes;
    }

    private static AxisSpec sized(String type, String id, YamlNode size) throws ModelPackageException {
        if (size == null)
            return new AxisSpec(type, id, 0, 1, 1, List.of());
        if (size.isNumber()) {
            int s = size.integer(1, 1 << 20);
            return new AxisSpec(type, id, s, s, 0, List.of());
        }
        if (size.has("min")) {
            int min = size.get("min").integer(1, 1 << 20);
            int step = size.has("step") ? size.get("step").integer(0, 1 << 20) : 0;
            return new AxisSpec(type, id, step == 0 ? min : 0, min, step, List.of());
        }
        // a reference to another tensor's axis: any size, taken from that tensor at run time
        return new AxisSpec(type, id, 0, 1, 1, List.of());
    }

    private static List<AxisSpec> axes04(YamlNode t) throws ModelPackageException {
        String letters = t.string("axes");
        if (!letters.matches("[bitczyx]{1," + MAX_AXES + "}"))
            throw t.get("axes").error("expected up to " + MAX_AXES + " of the letters b, i, t, c, z, y, x");
        YamlNode shape = t.get("shape");
        for (YamlNode l : shape.isList() ? List.of(shape) : shape.has("min") ? List.of(shape.get("min"), shape.get("step")) : List.<YamlNode>of())
            if (l.list().size() != letters.length())
                throw l.error("expected " + letters.length() + " sizes, one per axis of '" + letters + "'");
        List<AxisSpec> axes = new ArrayList<>();
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            String type = switch (c) {
                case 'b' -> "batch";
                case 'c' -> "channel";
                case 'x', 'y', 'z' -> "space";
                case 't' -> "time";
                default -> "index";
            };
            int fixed = -1, min = 1, step = 1;
            if (shape.isList()) {
                fixed = shape.list().get(i).integer(1, 1 << 20);
            } else if (shape.has("min")) {
                min = shape.get("min").list().get(i).integer(1, 1 << 20);
                step = shape.get("step").list().get(i).integer(0, 1 << 20);
                if (step == 0)
                    fixed = min;
            }
            if (type.equals("channel")) {
                int n = Math.max(fixed, min);
                if (n > MAX_CHANNELS)
                    throw t.error("declares " + n + " channels, more than " + MAX_CHANNELS);
                List<String> names = new ArrayList<>();
                for (int k = 0; k < n; k++)
                    names.add("channel" + k);
                axes.add(new AxisSpec(type, "c", n, n, 0, names));
            } else if (fixed > 0) {
                axes.add(new AxisSpec(type, String.valueOf(c), fixed, fixed, 0, List.of()));
            } else {
                axes.add(new AxisSpec(type, String.valueOf(c), 0, min, step, List.of()));
            }
        }
        return axes;
    }
}
