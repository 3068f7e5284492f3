package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models import}: a package ZIP installed and usable; a malicious one refused with exit 4. */
class ModelsImportCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    @Test
    void importsAPackageThenRefusesAMaliciousOne() throws Exception {
        Path zip = tmp.resolve("cells.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip));
                Stream<Path> s = Files.list(Fixtures.fixture("identity-2d"))) {
            for (Path p : s.sorted().toList()) {
                z.putNextEntry(new ZipEntry(p.getFileName().toString()));
                z.write(Files.readAllBytes(p));
                z.closeEntry();
            }
        }
        Path models = tmp.resolve("models");
        assertEquals(0, run("models", "--models", models.toString(), "import", zip.toString()), err.toString());
        assertTrue(out.toString().startsWith("cells: installed in "), out.toString());
        assertEquals(0, run("models", "--models", models.toString(), "validate", "cells"), err.toString());
        assertEquals(2, run("models", "--models", models.toString(), "import", zip.toString()), "already installed");

        Path evil = tmp.resolve("evil.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(evil))) {
            z.putNextEntry(new ZipEntry("rdf.yaml"));
            z.write(Files.readAllBytes(Fixtures.fixture("identity-2d").resolve("rdf.yaml")));
            z.putNextEntry(new ZipEntry("../../planted.sh"));
            z.write("echo owned".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(4, run("models", "--models", models.toString(), "import", evil.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("condseg: error: " + evil + ": entry '../../planted.sh'"), err.toString());
        assertFalse(Files.exists(tmp.resolve("planted.sh")) || Files.exists(models.resolve("evil")));
    }
}
