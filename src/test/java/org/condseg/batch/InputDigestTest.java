package org.condseg.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume's input checksum: a file's bytes; a DICOM folder's file names and bytes. */
class InputDigestTest {

    @TempDir
    Path tmp;

    @Test
    void aFileHashesItsBytesAndAFolderItsFilesNamesAndBytes() throws Exception {
        Path f = tmp.resolve("a.nii");
        Files.writeString(f, "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", InputDigest.of(f));
        Path dir = Files.createDirectories(tmp.resolve("series"));
        Files.writeString(dir.resolve("IM1"), "one");
        Files.writeString(dir.resolve("IM2"), "two");
        String before = InputDigest.of(dir);
        assertEquals(before, InputDigest.of(dir), "stable");
        Files.writeString(dir.resolve("IM2"), "TWO");
        assertNotEquals(before, InputDigest.of(dir), "content counts");
        Files.writeString(dir.resolve("IM2"), "two");
        Files.move(dir.resolve("IM2"), dir.resolve("IM3"));
        assertNotEquals(before, InputDigest.of(dir), "names count");
    }
}
