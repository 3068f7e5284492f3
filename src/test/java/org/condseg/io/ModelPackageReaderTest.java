package org.condseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.Fixtures;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsAFormat05PackageWithParameterisedAxes() throws Exception {
        ModelSpec s = ModelPackageReader.read(Fixtures.fixture("identity-2d"));
        assertEquals("identity-2d", s.id());
        assertEquals("input", s.input().id());
        assertEquals(2, s.spatialDims());
        assertEquals(1, s.input().channels());
        assertEquals(8, s.input().spaceAxes().get(0).min());
        assertEquals(16, s.input().spaceAxes().get(0).validSize(9));
        assertEquals(Conditioning.Task.NONE, s.conditioning().task());
        assertEquals(0.5, s.conditioning().overlap());
        ModelPackageReader.verifyWeights(s);
    }

    @Test
    void refusesWeightsWhoseChecksumDiffers() throws Exception {
        Path copy = copyOf("identity-2d");
        Files.write(copy.resolve("identity-2d.onnx"), new byte[] {1, 2, 3});
        ModelSpec s = ModelPackageReader.read(copy);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackageReader.verifyWeights(s));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertEquals(4, e.exitCode());
    }

    @Test
    void refusesAliasBombs() throws Exception {
        StringBuilder y = new StringBuilder("format_version: 0.5.4\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 30; i++)
            y.append("a").append(i + 1).append(": &a").append(i + 1).append(" [*a").append(i == 0 ? "" : String.valueOf(i))
                    .append(", *a").append(i == 0 ? "" : String.valueOf(i)).append("]\n");
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> read(y.toString()));
        assertTrue(e.getMessage().startsWith("invalid YAML"), e.getMessage());
    }

    @Test
    void refusesTagsThatWouldConstructObjects() {
        assertThrows(ModelPackageException.class, () -> read("format_version: !!javax.script.ScriptEngineManager [x]\n"));
    }

    @Test
    void refusesWeightsOutsideTheFolderOrOnline() throws Exception {
        String rdf = Files.readString(Fixtures.fixture("identity-2d").resolve("rdf.yaml"));
        ModelPackageException up = assertThrows(ModelPackageException.class,
                () -> read(rdf.replace("source: identity-2d.onnx", "source: ../../etc/passwd")));
        assertTrue(up.getMessage().contains("outside the model folder"), up.getMessage());
        ModelPackageException url = assertThrows(ModelPackageException.class,
                () -> read(rdf.replace("source: identity-2d.onnx", "source: https://example.org/m.onnx")));
        assertTrue(url.getMessage().contains("never downloads"), url.getMessage());
    }

    @Test
    void namesTheMissingField() throws Exception {
        String rdf = Files.readString(Fixtures.fixture("identity-2d").resolve("rdf.yaml"));
        ModelPackageException e = assertThrows(ModelPackageException.class,
                () -> read(rdf.replace("    source: identity-2d.onnx", "    sourc: identity-2d.onnx")));
        assertTrue(e.getMessage().contains("weights.onnx.source is missing"), e.getMessage());
    }

    @Test
    void refusesAMissingFolderAndAnEmptyFile() throws Exception {
        assertThrows(ModelPackageException.class, () -> ModelPackageReader.read(tmp.resolve("nope")));
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> read(""));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void readsFormat04() throws Exception {
        String rdf = """
                format_version: 0.4.10
                type: model
                name: old
                inputs:
                  - name: raw
                    axes: bcyx
                    data_type: float32
                    shape: {min: [1, 1, 16, 16], step: [0, 0, 16, 16]}
                    preprocessing:
                      - name: scale_range
                        kwargs: {min_percentile: 1, max_percentile: 99.8, mode: per_sample, axes: xy}
                outputs:
                  - name: out
                    axes: bcyx
                    data_type: float32
                    shape: {reference_tensor: raw, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}
                test_inputs: [in.npy]
                test_outputs: [out.npy]
                weights:
                  onnx: {source: w.onnx}
                """;
        ModelSpec s = read(rdf);
        assertEquals("raw", s.input().id());
        assertEquals("in.npy", s.input().testTensor());
        assertEquals(16, s.input().spaceAxes().get(1).step());
        assertNull(s.sha256());
    }

    private ModelSpec read(String yaml) throws IOException, ModelPackageException {
        Path dir = Files.createTempDirectory(tmp, "m");
        Files.writeString(dir.resolve("rdf.yaml"), yaml);
        return ModelPackageReader.read(dir);
    }

    private Path copyOf(String fixture) throws IOException {
        Path dir = Files.createTempDirectory(tmp, fixture);
        try (var s = Files.list(Fixtures.fixture(fixture))) {
            for (Path p : s.toList())
                Files.copy(p, dir.resolve(p.getFileName()));
        }
        return dir;
    }
}
