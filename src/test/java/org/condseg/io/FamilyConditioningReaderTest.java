package org.condseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.condseg.Fixtures;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config.condseg} of the class, latent and refine fixtures, and the faults the reader refuses. */
class FamilyConditioningReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsClassesLatentAndRefineTasks() throws Exception {
        ModelSpec c = ModelPackageReader.read(Fixtures.fixture("class-2d"));
        assertEquals(Conditioning.Task.CLASS, c.conditioning().task());
        assertEquals(List.of("bright", "dark", "nothing"), c.conditioning().classes());
        assertEquals(2, c.inputs().size());
        assertEquals(8, c.conditioning().sizeMultiple());
        assertNull(c.conditioning().latent());

        ModelSpec l = ModelPackageReader.read(Fixtures.fixture("latent-2d"));
        assertEquals(Conditioning.Task.INTERACTIVE, l.conditioning().task());
        assertEquals(new Conditioning.Latent("noise", 2), l.conditioning().latent());

        ModelSpec r = ModelPackageReader.read(Fixtures.fixture("refine-2d"));
        assertEquals(Conditioning.Task.REFINE, r.conditioning().task());
        assertEquals(Conditioning.Kind.MASK, r.conditioning().conditions().get(0).kind());
        assertEquals(1.5, r.conditioning().window().boxScale());
    }

    @Test
    void refusesAClassModelWithoutClassesAndALatentThatIsNoInput() throws Exception {
        Path c = copy("class-2d");
        Files.writeString(c.resolve("rdf.yaml"), Files.readString(c.resolve("rdf.yaml")).replace(
                "    classes: [bright, dark, nothing]\n", ""));
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackageReader.read(c));
        assertTrue(e.getMessage().contains("classes"), e.getMessage());

        Path l = copy("latent-2d");
        Files.writeString(l.resolve("rdf.yaml"), Files.readString(l.resolve("rdf.yaml")).replace(
                "latent: {input: noise, size: 2}", "latent: {input: eps, size: 2}"));
        e = assertThrows(ModelPackageException.class, () -> ModelPackageReader.read(l));
        assertTrue(e.getMessage().contains("'eps'"), e.getMessage());
    }

    private Path copy(String fixture) throws Exception {
        Path to = tmp.resolve(fixture);
        Files.createDirectories(to);
        try (var s = Files.list(Fixtures.fixture(fixture))) {
            for (Path p : s.toList())
                Files.copy(p, to.resolve(p.getFileName()));
        }
        return to;
    }
}
