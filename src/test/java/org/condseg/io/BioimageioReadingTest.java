package org.condseg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.condseg.Fixtures;
import org.condseg.model.AxisSpec;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Processing;
import org.condseg.model.SegmentOptions;
import org.condseg.model.Tolerance;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading descriptions as the bioimage.io specification (format 0.4 and 0.5) defines them. */
class BioimageioReadingTest {

    @TempDir
    Path tmp;

    private static final String V05 = """
            format_version: 0.5.4
            type: model
            name: reading test
            inputs:
              - axes:
                  - type: batch
                  - type: channel
                    channel_names: [a, b]
                  - {type: space, id: y, size: {min: 16, step: 16}}
                  - {type: space, size: {min: 16, step: 16}}
                preprocessing:
                  %s
            outputs:
              - axes:
                  - type: batch
                  - {type: channel, channel_names: [p]}
                  - {type: space, id: y, halo: 2, size: {tensor_id: input, axis_id: y}}
                  - {type: space, scale: 2, size: {tensor_id: input, axis_id: x, offset: -1}}
            weights:
              %s
            """;

    private static final String ONNX = "onnx: {source: w.onnx}";

    @Test
    void missingIdsTakeTheSpecificationsDefaults() throws Exception {
        ModelSpec s = read(V05.formatted("- id: sigmoid", ONNX));
        assertEquals("input", s.input().id());
        assertEquals("output", s.output().id());
        assertEquals(List.of("batch", "channel", "y", "x"), s.input().axisIds());
        assertEquals(2, s.output().axes().get(2).halo());
        // size = floor(ref.size * ref.scale / scale + offset): 64 * 1 / 2 - 1 = 31
        assertArrayEquals(new long[] {1, 1, 48, 31}, s.outputShape(s.output(), List.of(new long[] {1, 2, 48, 64})));
        assertEquals(Tolerance.DEFAULT, s.tolerance("output"));
    }

    @Test
    void everyStepIsReadIntoATypedValue() throws Exception {
        ModelSpec s = read(V05.formatted(String.join("\n      ",
                "- {id: zero_mean_unit_variance, kwargs: {axes: [channel, y, x]}}",
                "- {id: fixed_zero_mean_unit_variance, kwargs: {axis: channel, mean: [1, 2], std: [3, 4]}}",
                "- {id: scale_range, kwargs: {min_percentile: 1, max_percentile: 99, axes: [y, x]}}",
                "- {id: scale_linear, kwargs: {axis: channel, gain: [1, 2], offset: 0.5}}",
                "- {id: clip, kwargs: {min: 0}}",
                "- {id: binarize, kwargs: {threshold: 0.5}}",
                "- {id: ensure_dtype, kwargs: {dtype: uint8}}",
                "- id: softmax"), ONNX));
        List<Processing> p = s.input().processing();
        assertEquals(new Processing.ZeroMeanUnitVariance(List.of("channel", "y", "x"), 1e-6), p.get(0));
        Processing.FixedZeroMeanUnitVariance f = assertInstanceOf(Processing.FixedZeroMeanUnitVariance.class, p.get(1));
        assertArrayEquals(new double[] {1, 2}, f.mean());
        assertEquals("channel", f.axis());
        assertEquals(List.of("y", "x"), assertInstanceOf(Processing.ScaleRange.class, p.get(2)).axes());
        assertArrayEquals(new double[] {0.5, 0.5}, assertInstanceOf(Processing.ScaleLinear.class, p.get(3)).offset());
        assertEquals(Double.POSITIVE_INFINITY, assertInstanceOf(Processing.Clip.class, p.get(4)).max());
        assertEquals(Processing.DataType.UINT8, assertInstanceOf(Processing.EnsureDtype.class, p.get(6)).dtype());
        assertEquals(new Processing.Softmax("channel"), p.get(7));
        assertNull(assertInstanceOf(Processing.ScaleRange.class, read(V05.formatted("- id: scale_range", ONNX)).input().processing().get(0))
                .axes(), "no axes: all axes jointly");
    }

    @Test
    void anUnknownStepOrAxisIsABadModelNamingTheField() {
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> read(V05.formatted("- id: denoise", ONNX)));
        assertTrue(e.getMessage().contains("field inputs[0].preprocessing[0].id: unknown processing step 'denoise'"), e.getMessage());
        assertEquals(4, e.exitCode());
        e = assertThrows(ModelPackageException.class,
                () -> read(V05.formatted("- {id: zero_mean_unit_variance, kwargs: {axes: [z]}}", ONNX)));
        assertTrue(e.getMessage().contains("inputs[0].preprocessing[0].kwargs.axes") && e.getMessage().contains("'z'"), e.getMessage());
    }

    @Test
    void format04PerDatasetIsRefusedNotTreatedAsPerSample() {
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> read(v04("zero_mean_unit_variance",
                "{mode: per_dataset, axes: yx}")));
        assertTrue(e.getMessage().contains("mode per_dataset") && e.getMessage().contains("kwargs.mode"), e.getMessage());
        assertEquals(4, e.exitCode());
    }

    @Test
    void format04StepsAreConvertedAsTheSpecificationDoes() throws Exception {
        ModelSpec s = read(v04("zero_mean_unit_variance", "{mode: per_sample, axes: yx}"));
        assertEquals(new Processing.ZeroMeanUnitVariance(List.of("y", "x"), 1e-6), s.input().processing().get(0));
        Processing.FixedZeroMeanUnitVariance f = assertInstanceOf(Processing.FixedZeroMeanUnitVariance.class,
                read(v04("zero_mean_unit_variance", "{mode: fixed, axes: yx, mean: [1, 2], std: [3, 4]}")).input().processing().get(0));
        assertEquals("channel", f.axis());
        assertArrayEquals(new double[] {3, 4}, f.std());
        assertEquals("channel", assertInstanceOf(Processing.ScaleLinear.class,
                read(v04("scale_linear", "{axes: yx, gain: [1, 2]}")).input().processing().get(0)).axis());
        assertNull(assertInstanceOf(Processing.ScaleLinear.class,
                read(v04("scale_linear", "{axes: yx, gain: [2]}")).input().processing().get(0)).axis(), "one value for the whole tensor");
        // the output: implicit shape with a new channel axis (scale 0, offset 0.5) and a halo, as in unet2d_nuclei_broad
        AxisSpec c = s.output().axes().get(1), y = s.output().axes().get(2);
        assertEquals(1, c.size());
        assertEquals(8, y.halo());
        assertEquals(new AxisSpec.SizeReference("raw", "y", 0), y.reference());
        assertEquals(Tolerance.FORMAT_04, s.tolerance("probability"));
    }

    @Test
    void theModelsOwnToleranceApplies() throws Exception {
        ModelSpec s = read(V05.formatted("- id: sigmoid", ONNX) + """
                config:
                  bioimageio:
                    reproducibility_tolerance:
                      - {output_ids: [other], absolute_tolerance: 0.5}
                      - {relative_tolerance: 0.01, absolute_tolerance: 0.001, mismatched_elements_per_million: 20}
                """);
        assertEquals(new Tolerance(0.01, 0.001, 20, List.of(), List.of()), s.tolerance("output"));
        assertEquals(0.5, s.tolerance("other").absolute());
    }

    @Test
    void packagesWithoutOnnxNameTheirFormatsAndHowToExport() {
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> read(V05.formatted("- id: sigmoid",
                "pytorch_state_dict: {source: w.pt}\n  torchscript: {source: w.ts}")));
        assertTrue(e.getMessage().contains("this package has pytorch_state_dict, torchscript") && e.getMessage().contains("torch.onnx.export"),
                e.getMessage());
        e = assertThrows(ModelPackageException.class, () -> read(V05.formatted("- id: sigmoid",
                "tensorflow_saved_model_bundle: {source: tf.zip}\n  keras_hdf5: {source: k.h5}")));
        assertTrue(e.getMessage().contains("tensorflow_saved_model_bundle, keras_hdf5") && e.getMessage().contains("tf2onnx"), e.getMessage());
        assertEquals(4, e.exitCode());
    }

    @Test
    void descriptionFileNames() throws Exception {
        String yaml = V05.formatted("- id: sigmoid", ONNX);
        for (String name : List.of("rdf.yaml", "bioimageio.yaml", "model.yaml", "nuclei.rdf.yaml", "v0_5.bioimageio.yaml", "x.model.yaml")) {
            Path dir = Files.createTempDirectory(tmp, "n");
            Files.writeString(dir.resolve(name), yaml);
            assertEquals(dir.resolve(name), ModelPackageReader.description(dir), name);
            assertEquals("input", ModelPackageReader.read(dir).input().id());
        }
        Path dir = Files.createTempDirectory(tmp, "several");
        Files.writeString(dir.resolve("a.bioimageio.yaml"), yaml);
        Files.writeString(dir.resolve("b.rdf.yaml"), yaml);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackageReader.read(dir));
        assertTrue(e.getMessage().contains("several model descriptions (a.bioimageio.yaml, b.rdf.yaml)"), e.getMessage());
        assertEquals("input", ModelPackageReader.read(dir.resolve("b.rdf.yaml")).input().id(), "the file itself is a clear choice");
        Files.writeString(dir.resolve("rdf.yaml"), yaml);
        assertEquals(dir.resolve("rdf.yaml"), ModelPackageReader.description(dir), "a plain name is the package's own");
        Files.writeString(dir.resolve("bioimageio.yaml"), yaml);
        e = assertThrows(ModelPackageException.class, () -> ModelPackageReader.read(dir));
        assertTrue(e.getMessage().contains("rdf.yaml, bioimageio.yaml"), e.getMessage());
        assertEquals(List.of(), new Models(List.of(tmp.resolve("none"))).ids());
    }

    @Test
    void idsUnlikeTheGraphsNamesAreBoundByPosition() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "renamed");
        try (var s = Files.list(Fixtures.fixture("identity-2d"))) {
            for (Path p : s.toList())
                Files.copy(p, dir.resolve(p.getFileName()));
        }
        String rdf = Files.readString(dir.resolve("rdf.yaml"));
        Files.writeString(dir.resolve("rdf.yaml"), rdf.replace("  - id: input", "  - id: image").replace("tensor_id: input", "tensor_id: image")
                .replace("  - id: output", "  - id: mask"));
        ModelSpec spec = ModelPackageReader.read(dir);
        try (Network n = Models.open(spec, SegmentOptions.defaults(), m -> { })) {
            assertTrue(n.device().startsWith("cpu"));
        }
        assertTrue(ModelCheck.validate(spec, m -> { }).contains(spec.id() + ": valid"));
    }

    private static String v04(String step, String kwargs) {
        return """
                format_version: 0.4.9
                type: model
                name: old
                inputs:
                  - name: raw
                    axes: bcyx
                    data_type: float32
                    shape: [1, 2, 64, 64]
                    preprocessing:
                      - name: %s
                        kwargs: %s
                outputs:
                  - name: probability
                    axes: bcyx
                    data_type: float32
                    halo: [0, 0, 8, 8]
                    shape: {reference_tensor: raw, scale: [1.0, 0.0, 1.0, 1.0], offset: [0.0, 0.5, 0.0, 0.0]}
                    postprocessing:
                      - name: sigmoid
                weights:
                  onnx: {source: w.onnx}
                """.formatted(step, kwargs);
    }

    private ModelSpec read(String yaml) throws IOException, ModelPackageException {
        Path dir = Files.createTempDirectory(tmp, "m");
        Files.writeString(dir.resolve("rdf.yaml"), yaml);
        return ModelPackageReader.read(dir);
    }
}
