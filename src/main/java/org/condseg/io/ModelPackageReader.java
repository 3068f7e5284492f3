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
import org.condseg.model.Tolerance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a model package folder: its bioimage.io description (format 0.4 or 0.5; see
 * {@link #description(Path)} for the file names) with our {@code config.condseg} section. The YAML is
 * loaded safely (no tags, few aliases, bounded size and depth); the weights are checked by
 * {@link #verifyWeights(ModelSpec)}, which the runtime calls before it loads them, and the test tensors
 * by {@link #testTensor(ModelSpec, TensorSpec)}. Tensor ids are names in the description: the runtime
 * binds them to the ONNX graph by position. Missing ids take the specification's defaults (input
 * {@code input}, output {@code output}; axes {@code batch}, {@code channel}, {@code index},
 * {@code time}, and {@code x} for a space axis).
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

    /** The weights formats of the specification, in the order a message lists them. */
    static final List<String> WEIGHTS_FORMATS = List.of("onnx", "pytorch_state_dict", "torchscript", "tensorflow_saved_model_bundle",
            "tensorflow_js", "keras_hdf5", "keras_v3");

    /** Reads the package in {@code folder}, or the description file {@code folder} names (its folder is the package). */
    public static ModelSpec read(Path folder) throws ModelPackageException {
        Path rdf;
        if (Files.isRegularFile(folder)) {
            rdf = folder;
            folder = folder.toAbsolutePath().normalize().getParent();
        } else {
            rdf = description(folder);
        }
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
        if (!v05)
            outputs = channelsFromReferences(rdf, inputs, outputs);
        checkSizes(rdf, inputs, "inputs");
        checkSizes(rdf, outputs, "outputs");
        if (!v05) {
            inputs = withTestTensors04(root, "test_inputs", inputs);
            outputs = withTestTensors04(root, "test_outputs", outputs);
        }
        TensorChecks.check(rdf, inputs, outputs);
        YamlNode weightsNode = root.get("weights");
        YamlNode onnx = weightsNode.opt("onnx");
        if (onnx == null)
            throw new ModelPackageException(rdf, unsupportedWeights(weightsNode));
        Path weights = resolveInside(folder, onnx.string("source"), rdf, "weights.onnx.source");
        String sha = onnx.has("sha256") ? sha256(onnx.get("sha256")) : null;

        YamlNode config = root.opt("config");
        YamlNode condseg = config == null ? null : config.opt("condseg");
        Conditioning conditioning = condseg == null ? Conditioning.none() : ConditioningReader.read(condseg, inputs.get(0), outputs);
        Conditioning.Latent latent = conditioning.latent();
        if (latent != null && inputs.stream().noneMatch(t -> t.id().equals(latent.input())))
            throw new ModelPackageException(rdf, "config.condseg.latent.input names '" + latent.input()
                    + "', which is not one of the inputs");
        String id = folder.toAbsolutePath().normalize().getFileName().toString();
        try {
            return new ModelSpec(folder, id, root.string("name", id), format, inputs, outputs, weights, sha,
                    conditioning, tolerances(config), condseg != null && condseg.string("scaling_scope", "sample").equals("volume"));
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(rdf, e.getMessage());
        }
    }

    /** Format 0.4 outputs whose channel axis is sized from an input's: the size, as the specification's converter computes it. */
    private static List<TensorSpec> channelsFromReferences(Path rdf, List<TensorSpec> inputs, List<TensorSpec> outputs)
            throws ModelPackageException {
        List<TensorSpec> out = new ArrayList<>();
        for (TensorSpec t : outputs) {
            List<AxisSpec> axes = new ArrayList<>();
            for (AxisSpec a : t.axes()) {
                if (a.type().equals("channel") && a.reference() != null) {
                    TensorSpec ref = inputs.stream().filter(i -> i.id().equals(a.reference().tensorId())).findFirst().orElse(null);
                    AxisSpec c = ref == null ? null : ref.axis("channel");
                    if (c == null)
                        throw new ModelPackageException(rdf, "output " + t.id() + ": its channel axis takes its size from "
                                + a.reference().tensorId() + ", which is not an input with a channel axis");
                    long n = a.sizeFrom(c.size(), 1);
                    if (n < 1 || n > MAX_CHANNELS)
                        throw new ModelPackageException(rdf, "output " + t.id() + " declares " + n + " channels");
                    axes.add(new AxisSpec("channel", a.id(), (int) n, (int) n, 0, channelNames((int) n)));
                } else {
                    axes.add(a);
                }
            }
            out.add(new TensorSpec(t.id(), axes, t.dataType(), t.processing(), t.testTensor(), t.testSha256()));
        }
        return out;
    }

    /** Why a package without ONNX weights cannot run: the formats it has, and how to export ONNX from them. */
    private static String unsupportedWeights(YamlNode weights) throws ModelPackageException {
        List<String> has = new ArrayList<>();
        if (weights.raw() instanceof java.util.Map<?, ?> m)
            for (Object k : m.keySet())
                has.add(String.valueOf(k));
        String how = has.contains("pytorch_state_dict") || has.contains("torchscript")
                ? " Export ONNX from the PyTorch weights with torch.onnx.export (or bioimageio.core's weight converters),"
                        + " add it as weights.onnx with its sha256, and try again."
                : has.stream().anyMatch(f -> f.startsWith("tensorflow") || f.startsWith("keras"))
                        ? " Convert the TensorFlow/Keras weights to ONNX with tf2onnx (python -m tf2onnx.convert), add them as"
                                + " weights.onnx with their sha256, and try again."
                        : " Add ONNX weights as weights.onnx with their sha256.";
        return "field weights.onnx is missing: CondSeg runs ONNX weights only, and this package has "
                + (has.isEmpty() ? "no weights" : String.join(", ", has)) + "." + how;
    }

    private static String sha256(YamlNode node) throws ModelPackageException {
        String sha = node.string().toLowerCase(Locale.ROOT);
        if (!sha.matches("[0-9a-f]{64}"))
            throw node.error("expected 64 hexadecimal digits");
        return sha;
    }

    /** {@code config.bioimageio.reproducibility_tolerance}, in order. */
    private static List<Tolerance> tolerances(YamlNode config) throws ModelPackageException {
        YamlNode bio = config == null ? null : config.opt("bioimageio");
        YamlNode list = bio == null ? null : bio.opt("reproducibility_tolerance");
        List<Tolerance> out = new ArrayList<>();
        if (list == null)
            return out;
        for (YamlNode t : list.list()) {
            try {
                out.add(new Tolerance(t.number("relative_tolerance", Tolerance.DEFAULT.relative()),
                        t.number("absolute_tolerance", Tolerance.DEFAULT.absolute()),
                        t.number("mismatched_elements_per_million", Tolerance.DEFAULT.mismatchedPerMillion()),
                        t.has("output_ids") ? t.get("output_ids").strings() : List.of(),
                        t.has("weights_formats") ? t.get("weights_formats").strings() : List.of()));
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
        }
        return out;
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

    /**
     * The test tensor file of {@code tensor}, which must lie inside the package folder and, where the
     * description declares a sha256, match it.
     */
    public static Path testTensor(ModelSpec spec, TensorSpec tensor) throws ModelPackageException {
        if (tensor.testTensor() == null)
            throw new ModelPackageException(spec.folder(), "tensor " + tensor.id() + " has no test tensor");
        Path file = resolveInside(spec.folder(), tensor.testTensor(), spec.folder(), "test tensor of " + tensor.id());
        if (!Files.isRegularFile(file))
            throw new ModelPackageException(file, "test tensor of " + tensor.id() + " is missing");
        if (tensor.testSha256() != null) {
            String actual;
            try {
                actual = Checksums.sha256(file);
            } catch (IOException e) {
                throw new ModelPackageException(file, "cannot read test tensor: " + e.getMessage(), e);
            }
            if (!actual.equals(tensor.testSha256()))
                throw new ModelPackageException(file, "sha256 " + actual + " differs from " + tensor.testSha256()
                        + " declared for the test tensor of " + tensor.id());
        }
        return file;
    }

    /** Whether {@code folder} holds a description this reader would choose. */
    public static boolean hasDescription(Path folder) {
        try {
            description(folder);
            return true;
        } catch (ModelPackageException e) {
            return false;
        }
    }

    /**
     * The description file in {@code folder}: {@code rdf.yaml}, {@code bioimageio.yaml} or {@code model.yaml}
     * where exactly one of these is there; otherwise the one file named {@code *.rdf.yaml},
     * {@code *.bioimageio.yaml} or {@code *.model.yaml}. Several candidates of the same rank are refused,
     * naming them: give the description file itself instead of the folder.
     */
    public static Path description(Path folder) throws ModelPackageException {
        if (!Files.isDirectory(folder))
            throw new ModelPackageException(folder, "model folder not found");
        List<Path> plain = new ArrayList<>(), suffixed = new ArrayList<>();
        for (String name : new String[] {"rdf.yaml", "bioimageio.yaml", "model.yaml"})
            if (Files.isRegularFile(folder.resolve(name)))
                plain.add(folder.resolve(name));
        if (plain.size() == 1)
            return plain.get(0);
        if (plain.isEmpty()) {
            try (java.util.stream.Stream<Path> s = Files.list(folder)) {
                s.filter(p -> Files.isRegularFile(p) && isSuffixed(p.getFileName().toString())).sorted().forEach(suffixed::add);
            } catch (IOException e) {
                throw new ModelPackageException(folder, "cannot list the model folder: " + e.getMessage(), e);
            }
            if (suffixed.size() == 1)
                return suffixed.get(0);
        }
        List<Path> several = plain.isEmpty() ? suffixed : plain;
        if (several.isEmpty())
            throw new ModelPackageException(folder, "no model description in the folder (rdf.yaml, bioimageio.yaml, model.yaml,"
                    + " or one *.rdf.yaml, *.bioimageio.yaml or *.model.yaml)");
        throw new ModelPackageException(folder, "holds several model descriptions (" + several.stream()
                .map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.joining(", "))
                + "): give the description file itself");
    }

    private static boolean isSuffixed(String name) {
        return name.endsWith(".rdf.yaml") || name.endsWith(".bioimageio.yaml") || name.endsWith(".model.yaml");
    }

    /** Format 0.4's axis letter as a format 0.5 axis id, or {@code null}. */
    static String axisId04(char c) {
        return switch (c) {
            case 'b' -> "batch";
            case 'c' -> "channel";
            case 'i' -> "index";
            case 't' -> "time";
            case 'x', 'y', 'z' -> String.valueOf(c);
            default -> null;
        };
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
            String id = v05 ? t.string("id", input ? "input" : "output") : t.string("name");
            List<AxisSpec> axes = v05 ? axes05(t.get("axes"), input) : axes04(t, input);
            String dataType = v05 ? dataType05(t) : t.string("data_type", "float32");
            YamlNode proc = t.opt(input ? "preprocessing" : "postprocessing");
            List<Processing> steps = proc == null ? List.of() : ProcessingReader.read(proc, v05, axes, input);
            String test = null, testSha = null;
            if (v05 && t.has("test_tensor")) {
                YamlNode tt = t.get("test_tensor");
                test = tt.string("source");
                testSha = tt.has("sha256") ? sha256(tt.get("sha256")) : null;
            }
            try {
                out.add(new TensorSpec(id, axes, dataType, steps, test, testSha));
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
        }
        if (out.isEmpty())
            throw list.error("expected at least one tensor");
        return out;
    }

    private static String dataType05(YamlNode t) throws ModelPackageException {
        if (!t.has("data"))
            return "float32";
        YamlNode data = t.get("data");
        if (data.isList())
            data = data.list().get(0);
        return data.string("type", data.has("values") ? "uint8" : "float32");
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
            out.add(new TensorSpec(t.id(), t.axes(), t.dataType(), t.processing(), i < names.size() ? names.get(i) : null, null));
        }
        return out;
    }

    private static List<AxisSpec> axes05(YamlNode node, boolean input) throws ModelPackageException {
        List<AxisSpec> axes = new ArrayList<>();
        for (YamlNode a : node.list()) {
            String type = a.string("type");
            if (!AxisSpec.TYPES.contains(type))
                throw a.get("type").error("expected one of " + AxisSpec.TYPES);
            String id = a.string("id", type.equals("space") ? "x" : type);
            double scale = a.number("scale", 1);
            int halo = a.has("halo") ? a.get("halo").integer(0, 1 << 20) : 0;
            if (halo > 0 && input)
                throw a.get("halo").error("a halo is for output axes");
            try {
                if (type.equals("channel")) {
                    List<String> names = a.has("channel_names") ? a.get("channel_names").strings() : List.of();
                    if (names.isEmpty() && a.has("size"))
                        names = channelNames(a.get("size").integer(1, MAX_CHANNELS));
                    if (names.isEmpty())
                        throw a.error("a channel axis needs channel_names");
                    axes.add(new AxisSpec(type, id, names.size(), names.size(), 0, names));
                } else if (type.equals("batch")) {
                    axes.add(new AxisSpec(type, id, 1, 1, 0, List.of()));
                } else {
                    axes.add(sized(type, id, a.opt("size"), scale, halo));
                }
            } catch (IllegalArgumentException e) {
                throw a.error(e.getMessage());
            }
        }
        return axes;
    }

    private static List<String> channelNames(int n) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < n; k++)
            names.add("channel" + k);
        return names;
    }

    private static AxisSpec sized(String type, String id, YamlNode size, double scale, int halo) throws ModelPackageException {
        if (size == null)
            return new AxisSpec(type, id, 0, 1, 1, List.of(), scale, halo, null);
        if (size.isNumber()) {
            int s = size.integer(1, 1 << 20);
            return new AxisSpec(type, id, s, s, 0, List.of(), scale, halo, null);
        }
        if (size.has("min") && !size.has("tensor_id")) {
            int min = size.get("min").integer(1, 1 << 20);
            int step = size.has("step") ? size.get("step").integer(0, 1 << 20) : 0;
            return new AxisSpec(type, id, step == 0 ? min : 0, min, step, List.of(), scale, halo, null);
        }
        int offset = size.has("offset") ? size.get("offset").integer(-(1 << 20), 1 << 20) : 0;
        return new AxisSpec(type, id, 0, 1, 0, List.of(), scale, halo,
                new AxisSpec.SizeReference(size.string("tensor_id"), size.string("axis_id"), offset));
    }

    private static List<AxisSpec> axes04(YamlNode t, boolean input) throws ModelPackageException {
        String letters = t.string("axes");
        if (!letters.matches("[bitczyx]{1," + MAX_AXES + "}"))
            throw t.get("axes").error("expected up to " + MAX_AXES + " of the letters b, i, t, c, z, y, x");
        YamlNode shape = t.get("shape");
        boolean implicit = !input && shape.isMap() && shape.has("reference_tensor");
        List<YamlNode> lists = shape.isList() ? List.of(shape)
                : implicit ? List.of(shape.get("scale"), shape.get("offset"))
                : List.of(shape.get("min"), shape.get("step"));
        for (YamlNode l : lists)
            if (l.list().size() != letters.length())
                throw l.error("expected " + letters.length() + " values, one per axis of '" + letters + "'");
        int[] halo = new int[letters.length()];
        if (t.has("halo")) {
            List<YamlNode> h = t.get("halo").list();
            if (h.size() != letters.length())
                throw t.get("halo").error("expected " + letters.length() + " values, one per axis of '" + letters + "'");
            for (int i = 0; i < halo.length; i++)
                halo[i] = h.get(i).integer(0, 1 << 20);
        }
        List<AxisSpec> axes = new ArrayList<>();
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            String id = axisId04(c);
            String type = switch (c) {
                case 'b' -> "batch";
                case 'c' -> "channel";
                case 'x', 'y', 'z' -> "space";
                case 't' -> "time";
                default -> "index";
            };
            int fixed = -1, min = 1, step = 1;
            AxisSpec.SizeReference ref = null;
            double scale = 1;
            if (shape.isList()) {
                fixed = shape.list().get(i).integer(1, 1 << 20);
            } else if (implicit) {
                // shape = reference * scale + 2 * offset; a scale of 0 or null makes a new axis of size 2 * offset
                YamlNode sc = shape.get("scale").list().get(i);
                double off = shape.get("offset").list().get(i).number();
                if (2 * off != Math.rint(2 * off))
                    throw shape.get("offset").list().get(i).error("expected a multiple of 0.5");
                double s = sc.raw() == null ? 0 : sc.number();
                if (s == 0) {
                    fixed = (int) Math.rint(2 * off);
                    if (fixed < 1)
                        throw shape.get("offset").list().get(i).error("a new axis needs an offset of at least 0.5");
                } else if (s < 0) {
                    throw sc.error("expected a scale > 0");
                } else if (c == 'b') {
                    fixed = 1;
                } else {
                    String refTensor = shape.string("reference_tensor");
                    ref = new AxisSpec.SizeReference(refTensor, id, (int) Math.rint(2 * off));
                    scale = 1 / s;
                }
            } else {
                min = shape.get("min").list().get(i).integer(1, 1 << 20);
                step = shape.get("step").list().get(i).integer(0, 1 << 20);
                if (step == 0)
                    fixed = min;
            }
            if (type.equals("channel")) {
                if (ref != null) { // sized from the reference's channels: resolved once all tensors are read
                    axes.add(new AxisSpec(type, id, 0, 1, 0, List.of(), scale, 0, ref));
                    continue;
                }
                int n = Math.max(fixed, min);
                if (n > MAX_CHANNELS)
                    throw t.error("declares " + n + " channels, more than " + MAX_CHANNELS);
                axes.add(new AxisSpec(type, id, n, n, 0, channelNames(n)));
            } else if (ref != null) {
                axes.add(new AxisSpec(type, id, 0, 1, 0, List.of(), scale, halo[i], ref));
            } else if (fixed > 0) {
                axes.add(new AxisSpec(type, id, fixed, fixed, 0, List.of(), 1, halo[i], null));
            } else {
                axes.add(new AxisSpec(type, id, 0, min, step, List.of(), 1, halo[i], null));
            }
        }
        return axes;
    }
}
