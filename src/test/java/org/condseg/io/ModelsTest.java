package org.condseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsTest {

    @TempDir
    Path tmp;

    @Test
    void dialogsOfferInteractive2dFirstWhereItIsInstalled() throws Exception {
        Models models = new Models(List.of(tmp));
        assertEquals("", models.defaultId());
        for (String id : List.of("attention-2d", "brain-regions-2d"))
            Files.writeString(Files.createDirectories(tmp.resolve(id)).resolve("rdf.yaml"), "format_version: 0.5.3\n");
        assertEquals("attention-2d", models.defaultId());
        Files.writeString(Files.createDirectories(tmp.resolve("interactive-2d")).resolve("rdf.yaml"), "format_version: 0.5.3\n");
        assertEquals("interactive-2d", models.defaultId());
        assertEquals(List.of("attention-2d", "brain-regions-2d", "interactive-2d"), models.ids());
    }
}
