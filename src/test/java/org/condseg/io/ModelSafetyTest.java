package org.condseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.condseg.Fixtures;
import org.condseg.model.CondSegException;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.runtime.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models are refused cleanly (exit code 4): absurd descriptions, graphs whose inputs differ from their
 * description, and ZIP archives that would unpack outside their folder, hold links or bombs.
 */
class ModelSafetyTest {

    @TempDir
    Path tmp;

    static final ModelImport.Validator LOADS = spec -> {
        try (Network n = Models.open(spec, SegmentOptions.defaults(), s -> { })) {
            // loads
        }
    };

    @Test
    void absurdSizesInTheDescriptionAreRefused() throws Exception {
        String rdf = Files.readString(Fixtures.fixture("identity-2d").resolve("rdf.yaml"));
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 5000; i++)
            names.append(i > 0 ? ", " : "").append("c").append(i);
        assertRefused(rdf.replace("channel_names: [image]", "channel_names: [" + names + "]"), "5000 channels");
        assertRefused(rdf.replace("size: {min: 8, step: 8}", "size: 1048576"), "more than 2^31");
        assertRefused(rdf.replace("size: {min: 8, step: 8}", "size: 99999999999"), "whole number in [1, 1048576]");
        assertRefused(rdf.replace("size: {min: 8, step: 8}", "size: -3"), "whole number in [1, 1048576]");
        StringBuilder axes = new StringBuilder();
        for (int i = 0; i < 12; i++)
            axes.append("      - {type: space, id: s").append(i).append(", size: 1}\n");
        assertRefused(rdf.replace("      - type: batch\n      - type: channel\n        channel_names: [image]\n",
                "      - type: batch\n      - type: channel\n        channel_names: [image]\n" + axes), "more than 8");
        StringBuilder inputs = new StringBuilder("inputs:\n");
        String one = rdf.substring(rdf.indexOf("  - id: input"), rdf.indexOf("outputs:"));
        for (int i = 0; i < 20; i++)
            inputs.append(one.replace("id: input", "id: input" + i));
        assertRefused(rdf.substring(0, rdf.indexOf("inputs:")) + inputs + rdf.substring(rdf.indexOf("outputs:")), "20 tensors");
    }

    @Test
    void graphsWhoseInputsDifferFromTheirDescriptionAreRefusedOnOpening() throws Exception {
        String rdf = Files.readString(Fixtures.fixture("identity-2d").resolve("rdf.yaml"));
        String second = rdf.substring(rdf.indexOf("  - id: input"), rdf.indexOf("outputs:")).replace("id: input", "id: prior");
        assertOpenRefused("identity-2d", rdf.replace("outputs:", second + "outputs:"),
                "the ONNX graph has 1 inputs [input] but the model description declares 2 [input, prior]");
        assertOpenRefused("identity-2d", rdf.replace("channel_names: [image]", "channel_names: [image, prior]"),
                "size 1 on axis 1 (channel), the description declares size 2");
        assertOpenRefused("identity-2d", rdf.replace("      - type: batch\n      - type: channel\n        channel_names: [image]\n",
                "      - type: batch\n      - type: channel\n        channel_names: [image]\n      - {type: space, id: z, size: 4}\n"),
                "has 4 axes, the description declares 5 [batch, channel, z, y, x]");
        String interactive = Files.readString(Fixtures.model("interactive-2d").resolve("rdf.yaml"));
        assertOpenRefused("interactive-2d", interactive.replaceFirst("id: x\n        size: 128", "id: x\n        size: {min: 8, step: 8}"),
                "size 128 on axis 3 (x), the description declares min 8 step 8");
        try (Network n = Models.open(ModelPackageReader.read(Fixtures.model("interactive-2d")), SegmentOptions.defaults(), s -> { })) {
            assertTrue(n.device().startsWith("cpu"), "the shipped model opens");
        }
    }

    @Test
    void aZipPackageInstallsInsideItsFolderOnlyWhenValid() throws Exception {
        Path models = tmp.resolve("models");
        Path zip = zipOf(Fixtures.fixture("identity-2d"), "nuclei.zip", "");
        Path installed = ModelImport.install(zip, models, null, LOADS);
        assertEquals(models.resolve("nuclei"), installed);
        assertEquals(List.of("nuclei"), new Models(List.of(models)).ids());
        assertEquals(2, assertThrows(UsageException.class, () -> ModelImport.install(zip, models, null, LOADS)).exitCode(),
                "already installed");
        Path nested = zipOf(Fixtures.fixture("identity-3d"), "packaged.zip", "identity-3d/");
        ModelImport.install(nested, models, "vol", LOADS);
        assertTrue(Files.isRegularFile(models.resolve("vol/rdf.yaml")), "a single top folder is unwrapped");
        assertEquals(2, assertThrows(UsageException.class, () -> ModelImport.install(nested, models, "../x", LOADS)).exitCode());
        assertOnlyInstalled(models, "nuclei", "vol");
    }

    @Test
    void maliciousOrBrokenZipsAreRefusedAndLeaveNothing() throws Exception {
        Path models = Files.createDirectories(tmp.resolve("models"));
        Path rdf = Fixtures.fixture("identity-2d").resolve("rdf.yaml");
        refused(zip("dotdot.zip", "rdf.yaml", rdf, "../evil.txt", null), models, "outside the model folder");
        refused(zip("deep.zip", "rdf.yaml", rdf, "a/../../evil.txt", null), models, "outside the model folder");
        refused(zip("abs.zip", "rdf.yaml", rdf, "/etc/evil", null), models, "outside the model folder");
        refused(zip("drive.zip", "rdf.yaml", rdf, "C:/evil", null), models, "outside the model folder");
        refused(zip("slash.zip", "rdf.yaml", rdf, "a\\..\\..\\evil", null), models, "outside the model folder");
        refused(zip("twice.zip", "rdf.yaml", rdf, "RDF.yaml", rdf), models, "appears twice");
        Path link = zip("link.zip", "rdf.yaml", rdf, "weights.onnx", null);
        Files.write(link, patchCentral(Files.readAllBytes(link), 1, 4, (short) (3 << 8 | 20), 38, 0120777 << 16));
        refused(link, models, "symbolic link");
        Path big = zip("big.zip", "rdf.yaml", rdf, "huge.bin", null);
        Files.write(big, patchCentral(Files.readAllBytes(big), 1, -1, (short) 0, 24, (int) 0xC0000000L));
        refused(big, models, "more than 2048 MiB");
        Path liar = zip("liar.zip", "rdf.yaml", rdf, "filler.bin", null);
        Files.write(liar, patchCentral(Files.readAllBytes(liar), 1, -1, (short) 0, 24, 10));
        refused(liar, models, "more than it declares");
        Path many = tmp.resolve("many.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(many))) {
            for (int i = 0; i <= ModelImport.MAX_ENTRIES; i++) {
                z.putNextEntry(new ZipEntry("f" + i));
                z.closeEntry();
            }
        }
        refused(many, models, "more than 1000");
        Files.writeString(tmp.resolve("text.zip"), "not a zip");
        refused(tmp.resolve("text.zip"), models, "not a ZIP file");
        refused(zipOf(Fixtures.fixture("broken"), "broken.zip", ""), models, "do not load");
        Path tampered = Files.createDirectories(tmp.resolve("tampered"));
        try (Stream<Path> s = Files.list(Fixtures.fixture("identity-2d"))) {
            for (Path p : s.toList())
                Files.copy(p, tampered.resolve(p.getFileName()));
        }
        Files.write(tampered.resolve("identity-2d.onnx"), new byte[] {8, 1, 2});
        refused(zipOf(tampered, "tampered.zip", ""), models, "sha256");
        assertOnlyInstalled(models);
    }

    private void refused(Path zip, Path models, String reason) {
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelImport.install(zip, models, null, LOADS),
                zip.toString());
        assertTrue(e.oneLine().contains(reason), e.oneLine());
        assertEquals(4, e.exitCode());
        assertFalse(Files.exists(tmp.resolve("evil.txt")) || Files.exists(models.resolve("evil.txt")));
    }

    private static void assertOnlyInstalled(Path models, String... ids) throws IOException {
        try (Stream<Path> s = Files.list(models)) {
            assertEquals(List.of(ids), s.map(p -> p.getFileName().toString()).sorted().toList(), "no leftovers");
        }
    }

    private Path zipOf(Path folder, String name, String prefix) throws IOException {
        Path zip = tmp.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> s = Files.list(folder)) {
            for (Path p : s.sorted().toList()) {
                z.putNextEntry(new ZipEntry(prefix + p.getFileName()));
                z.write(Files.readAllBytes(p));
                z.closeEntry();
            }
        }
        return zip;
    }

    /** A ZIP with a real rdf.yaml and a second entry of 64 KiB zeros under a chosen name. */
    private Path zip(String name, String first, Path firstContent, String second, Path secondContent) throws IOException {
        Path zip = tmp.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry(first));
            z.write(Files.readAllBytes(firstContent));
            z.closeEntry();
            z.putNextEntry(new ZipEntry(second));
            z.write(secondContent == null ? new byte[1 << 16] : Files.readAllBytes(secondContent));
            z.closeEntry();
        }
        return zip;
    }

    /** Patches the {@code index}-th central directory entry: a short at {@code shortAt} (unless -1) and an int at {@code intAt}. */
    private static byte[] patchCentral(byte[] zip, int index, int shortAt, short shortValue, int intAt, int intValue) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int seen = 0;
        for (int i = 0; i + 4 <= zip.length; i++)
            if (b.getInt(i) == 0x02014b50 && seen++ == index) {
                if (shortAt >= 0)
                    b.putShort(i + shortAt, shortValue);
                b.putInt(i + intAt, intValue);
                return zip;
            }
        throw new AssertionError("no central entry " + index);
    }

    private void assertRefused(String yaml, String reason) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "m");
        Files.writeString(dir.resolve("rdf.yaml"), yaml);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackageReader.read(dir));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private void assertOpenRefused(String fixture, String yaml, String reason) throws IOException, CondSegException {
        Path src = fixture.equals("interactive-2d") ? Fixtures.model(fixture) : Fixtures.fixture(fixture);
        Path dir = Files.createTempDirectory(tmp, fixture);
        try (Stream<Path> s = Files.list(src)) {
            for (Path p : s.toList())
                Files.copy(p, dir.resolve(p.getFileName()));
        }
        Files.writeString(dir.resolve("rdf.yaml"), yaml);
        ModelSpec spec = ModelPackageReader.read(dir);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> Models.open(spec, SegmentOptions.defaults(), s -> { }));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(4, e.exitCode());
    }

}
