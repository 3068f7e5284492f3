package org.condseg.io.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** Outputs of one run appear together on commit, or not at all: on close without commit, and after abandonAll. */
class OutputSetTest {

    @TempDir
    Path tmp;

    static OutputImage image() {
        Voxels v = new Voxels(5, 4, 1, 1, 1, VoxelType.UINT8, List.of(new byte[20]));
        return new OutputImage(new MedicalImage(v, Calibration.NONE, null, null, List.of()), "x", OutputImage.Role.IMAGE, null);
    }

    List<String> names() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void committedOutputsAppearTogether() throws Exception {
        try (OutputSet out = new OutputSet()) {
            out.write(image(), tmp.resolve("a.tif"));
            out.write(image(), tmp.resolve("b.nii.gz"));
            assertEquals(2, names().size());
            assertTrue(names().stream().allMatch(n -> n.startsWith(".") && n.contains(".part")), names().toString());
            out.commit();
        }
        assertEquals(List.of("a.tif", "b.nii.gz"), names());
    }

    @Test
    void aFailureBeforeTheCommitLeavesNothing() throws Exception {
        Files.writeString(tmp.resolve("a.tif"), "an earlier run's output");
        try (OutputSet out = new OutputSet()) {
            out.write(image(), tmp.resolve("a.tif"));
            out.write(image(), tmp.resolve("c.mhd"));
            // the run fails here: no commit
        }
        assertEquals(List.of("a.tif"), names());
        assertEquals("an earlier run's output", Files.readString(tmp.resolve("a.tif")));
    }

    @Test
    void abandonedSetsCannotCommit() throws Exception {
        try (OutputSet out = new OutputSet()) {
            out.write(image(), tmp.resolve("a.tif"));
            OutputSet.abandonAll();
            assertEquals(List.of(), names());
            assertThrows(IOException.class, out::commit);
            assertThrows(IOException.class, () -> out.write(image(), tmp.resolve("b.tif")));
        }
        assertEquals(List.of(), names());
    }

    @Test
    void staleTemporaryFilesOfTheTargetsAreRemoved() throws Exception {
        for (String n : List.of(".a.tif.123.part.tif", "..a.tif.123.part.tif.456.part.tif", ".b.tif.123.part.tif", ".a.tif.x.part.tif"))
            Files.writeString(tmp.resolve(n), "x");
        assertEquals(2, OutputSet.cleanStale(List.of(tmp.resolve("a.tif"))));
        assertEquals(List.of(".a.tif.x.part.tif", ".b.tif.123.part.tif"), names());
    }
}
