package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A model description whose condseg contract has a value CondSeg does not know is refused at load (exit 4), naming the field. */
class TypedContractCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "activation: sigmoid|activation: sigmod|config.condseg.output.activation|'sigmod' is not an activation",
        "keep: prompted_component|keep: prompted|config.condseg.postprocess.keep|'prompted' is not a keep rule",
        "kind: positive, encoding: gaussian|kind: positive, encoding: gausian|config.condseg.conditions[0].encoding|'gausian' is not an encoding",
        "kind: box, encoding: filled|kind: box, encoding: gaussian|config.condseg.conditions[2]|a box condition cannot be drawn as gaussian",
        "activation: sigmoid|activation: softmax|config.condseg.output.activation|softmax needs",
        "encoding: gaussian, sigma: 3.0}|encoding: gaussian, sigma: -1}|config.condseg.conditions[0]|sigma -1",
        "keep: prompted_component}|keep: prompted_component, connectivity: 6}|config.condseg.postprocess.connectivity|6 is not 4 or 8 (a 2D model)",
        "output: {activation: sigmoid, threshold: 0.5}|output: {activation: sigmoid, threshold: 0.5, candidates: 3, scores: logits}|config.condseg.output.candidates|3 candidates, but output logits has 1 channel",
    })
    void unknownOrUnsuitableValuesAreRefusedNamingTheField(String from, String to, String field, String reason) throws IOException {
        Path model = copy("bright-interactive-2d");
        Path rdf = model.resolve("rdf.yaml");
        String text = Files.readString(rdf);
        assertTrue(text.contains(from), "the fixture holds " + from);
        Files.writeString(rdf, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        assertEquals(4, run("models", "validate", model.toString()), errText());
        String err = errText().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(field) && err.contains(reason), err);
        assertEquals(0, run("models", "validate", Fixtures.fixture("bright-interactive-2d").toString()), errText());
    }

    /** The refine guard ({@code config.condseg.refine}) of a refine model: unknown keys and values out of range are refused. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "refine-2d|refine: {add_above: 1.5}|config.condseg.refine|add_above 1.5 is outside [0, 1]",
        "refine-2d|refine: {remove_below: high}|config.condseg.refine.remove_below|expected a finite number",
        "refine-2d|refine: {keep_above: 0}|config.condseg.refine|keep_above 0.0 is outside (0, 1]",
        "refine-2d|refine: {passes: 0}|config.condseg.refine.passes|expected a whole number in [1, 8]",
        "refine-2d|refine: {passes: 1.5}|config.condseg.refine.passes|expected a whole number",
        "refine-2d|refine: {keep_abov: 0.9}|config.condseg.refine|'keep_abov' is not one of its fields",
        "refine-2d|refine: 0.9|config.condseg.refine|expected a mapping",
        "bright-interactive-2d|refine: {passes: 2}|config.condseg.refine|a refine guard needs task: refine",
    })
    void badRefineGuardsAreRefusedNamingTheField(String fixture, String guard, String field, String reason) throws IOException {
        Path model = copy(fixture);
        Path rdf = model.resolve("rdf.yaml");
        String text = Files.readString(rdf);
        assertTrue(text.contains("    postprocess: {"), "the fixture has a postprocess line");
        Files.writeString(rdf, text.replaceFirst("(\\n    postprocess: \\{[^\\n]*)", "$1\n    " + java.util.regex.Matcher.quoteReplacement(guard)));
        assertEquals(4, run("models", "validate", model.toString()), errText());
        String err = errText().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(field) && err.contains(reason), err);
    }

    /** A click zoom out of range, incomplete, of a wrong type or on a model without clicks is refused at load (exit 4). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{below: 1.5, scale: 1.5, margin: 16, min_side: 32}|config.condseg.window.click_zoom|below 1.5 is not in (0, 1]",
        "{below: 0.25, scale: 1.5, margin: 16}|config.condseg.window.click_zoom|min_side NaN",
        "{below: 0.25, scale: 0, margin: 16, min_side: 32}|config.condseg.window.click_zoom|scale 0.0 is not in",
        "{below: 0.25, scale: 1.5, margin: -2, min_side: 32}|config.condseg.window.click_zoom|margin -2.0 is not in",
        "{below: 0.25, scale: 1.5, margin: 16, min_side: 32, box: 1}|config.condseg.window.click_zoom.box|expected true or false",
        "{below: 0.25, scale: 1.5, margin: 16, min_side: '32'}|config.condseg.window.click_zoom.min_side|expected a finite number",
    })
    void badClickZoomsAreRefusedNamingTheField(String zoom, String field, String reason) throws IOException {
        Path model = copy("bright-interactive-2d");
        Path rdf = model.resolve("rdf.yaml");
        String text = Files.readString(rdf);
        assertTrue(text.contains("click_margin: 16}"));
        Files.writeString(rdf, text.replace("click_margin: 16}", "click_margin: 16, click_zoom: " + zoom + "}"));
        assertEquals(4, run("models", "validate", model.toString()), errText());
        String err = errText().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(field) && err.contains(reason), err);
    }

    /** A click zoom within range is read; left out, there is none. */
    @Test
    void aDeclaredClickZoomIsRead() throws Exception {
        Path model = copy("bright-interactive-2d");
        Path rdf = model.resolve("rdf.yaml");
        Files.writeString(rdf, Files.readString(rdf).replace("click_margin: 16}",
                "click_margin: 16, click_zoom: {below: 0.25, scale: 1.5, margin: 16, min_side: 32, box: true}}"));
        assertEquals(new org.condseg.model.Conditioning.ClickZoom(0.25, 1.5, 16, 32, true),
                org.condseg.io.ModelPackageReader.read(model).conditioning().window().clickZoom());
        assertEquals(null, org.condseg.io.ModelPackageReader.read(Fixtures.fixture("bright-interactive-2d")).conditioning()
                .window().clickZoom());
    }

    /** A guard within range is read; left out, it is the plain decoder at the output threshold. */
    @Test
    void aDeclaredRefineGuardIsRead() throws Exception {
        Path model = copy("refine-2d");
        Path rdf = model.resolve("rdf.yaml");
        Files.writeString(rdf, Files.readString(rdf).replaceFirst("(\\n    postprocess: \\{[^\\n]*)",
                "$1\n    refine: {add_above: 0.6, keep_above: 0.92, passes: 2}"));
        assertEquals(new org.condseg.model.RefineGuard(0.6, 0.5, 0.92, 2),
                org.condseg.io.ModelPackageReader.read(model).conditioning().refine());
        assertEquals(org.condseg.model.RefineGuard.none(0.5),
                org.condseg.io.ModelPackageReader.read(Fixtures.fixture("refine-2d")).conditioning().refine());
    }

    /** A connectivity the model may name is taken and used: 8 joins what 4 keeps apart (ConnectivityTest). */
    @Test
    void aDeclaredConnectivityIsRead() throws Exception {
        Path model = copy("bright-interactive-2d");
        Path rdf = model.resolve("rdf.yaml");
        Files.writeString(rdf, Files.readString(rdf).replace("keep: prompted_component}", "keep: prompted_component, connectivity: 8}"));
        assertEquals(org.condseg.model.Connectivity.FULL, org.condseg.io.ModelPackageReader.read(model).conditioning().connectivity());
        assertEquals(org.condseg.model.Connectivity.FACE,
                org.condseg.io.ModelPackageReader.read(Fixtures.fixture("bright-interactive-2d")).conditioning().connectivity());
    }

    private Path copy(String fixture) throws IOException {
        Path from = Fixtures.fixture(fixture), to = tmp.resolve(fixture);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList())
                Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    @SuppressWarnings("unused")
    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
