package org.condseg;

import java.nio.file.Files;
import java.nio.file.Path;


/** Paths of the repository's fixtures and models, wherever the tests run from. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path repo() {
        return Path.of(System.getProperty("condseg.repo", ".")).toAbsolutePath().normalize();
    }

    public static Path fixture(String name) {
        return repo().resolve("test-data/fixtures").resolve(name);
    }

    public static Path synthetic(String name) {
        return repo().resolve("test-data/synthetic").resolve(name);
    }

    /** A shipped model package; the test fails (never skips) where it is missing. */
    public static Path model(String id) {
        Path p = repo().resolve("models").resolve(id);
        if (!Files.isDirectory(p))
            throw new AssertionError("shipped model " + id + " is missing at " + p);
        return p;
    }
}
