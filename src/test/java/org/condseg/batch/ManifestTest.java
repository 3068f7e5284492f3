package org.condseg.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.InputException;
import org.condseg.model.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests, folders, CSV quoting and shards. */
class ManifestTest {

    @TempDir
    Path tmp;

    @Test
    void csvQuotesCommasQuotesAndLineBreaksAndDropsABom() {
        List<List<String>> rows = Csv.parse("\uFEFFcase,points\r\nc1,\"10,12;30,40\"\n\"c \"\"2\"\"\",\"a\nb\"\n");
        assertEquals(List.of(List.of("case", "points"), List.of("c1", "10,12;30,40"), List.of("c \"2\"", "a\nb")), rows);
        assertEquals("c1,\"10,12\",\"say \"\"hi\"\"\",", Csv.line(java.util.Arrays.asList("c1", "10,12", "say \"hi\"", null)));
        assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,\"b\n"));
        for (List<String> r : List.of(List.of("x", "1,2", "q\"q", "l\nm"), List.of("", "", "")))
            assertEquals(List.of(r), Csv.parse(Csv.line(r) + "\n"), "round trip of " + r);
    }

    @Test
    void aManifestGivesCasesWithTheirOwnPromptsOrTheDefaults() throws Exception {
        Files.createDirectories(tmp.resolve("in"));
        Path csv = write("cases.csv", """
                case,input,output,points,negative_points,boxes,class
                # a comment row
                a,in/a.tif,,"10,12;30,40,2","5,6",,
                b,in/b.nii.gz,b/labels.nrrd,,,"1,2,30,40,0,3",
                ,in/c.png,,,,,Hippocampus_L

                """);
        CasePrompts defaults = new CasePrompts(List.of(Click.positive(1, 1, 0)), List.of(), null, null);
        List<BatchCase> cases = Manifest.cases(csv, tmp.resolve("out"), null, defaults);
        assertEquals(3, cases.size());
        BatchCase a = cases.get(0), b = cases.get(1), c = cases.get(2);
        assertEquals(tmp.resolve("in/a.tif"), a.input());
        assertEquals(tmp.resolve("out/a-labels.tif"), a.output());
        assertEquals(tmp.resolve("out/a-labels.json"), a.sidecar());
        assertEquals(List.of(Click.positive(10, 12, 0), Click.positive(30, 40, 2), Click.negative(5, 6, 0)), a.prompts().clicks());
        assertEquals(tmp.resolve("out/b/labels.nrrd"), b.output());
        assertEquals(List.of(new Box(1, 2, 30, 40, 0, 3)), b.prompts().boxes());
        assertEquals("c", c.id());
        assertEquals(tmp.resolve("out/c-labels.png"), c.output());
        assertEquals("Hippocampus_L", c.prompts().className());
        assertTrue(c.prompts().clicks().isEmpty(), "a row with any prompt replaces the defaults");
        assertEquals(tmp.resolve("out/a-labels.nii.gz"), Manifest.cases(csv, tmp.resolve("out"), "nii.gz", defaults).get(0).output());
        assertEquals("points=10,12,0 30,40,2;negative_points=5,6,0", a.prompts().text());
        assertThrows(UsageException.class, () -> Manifest.cases(csv, tmp.resolve("out"), "jpg", defaults));
    }

    @Test
    void rowsWithoutPromptsTakeTheDefaults() throws Exception {
        Path csv = write("m.csv", "input\nx.tif\n");
        CasePrompts defaults = new CasePrompts(List.of(), List.of(new Box(0, 0, 5, 5, 0, 1)), null, null);
        assertEquals(defaults, Manifest.cases(csv, tmp, null, defaults).get(0).prompts());
    }

    @Test
    void badManifestsAreUsageErrorsNamingTheRow() throws Exception {
        assertUsage("input,colour\na.tif,red\n", "unknown column 'colour'");
        assertUsage("case,output\nx,y.tif\n", "no 'input' column");
        assertUsage("input,points\na.tif,\"10;20\"\n", "row 2: point '10'");
        assertUsage("input,boxes\na.tif,\"1,2,0,4\"\n", "row 2: box 1,2,0,4");
        assertUsage("input\na.tif,extra\n", "row 2: 2 fields");
        assertUsage("input,case\na.tif,same\nb.tif,same\n", "same id 'same'");
        assertUsage("input,output\na.tif,x.tif\nb.tif,x.tif\n", "both write");
        assertUsage("", "is empty");
        assertUsage("input,output\na.tif,a.csv\n", "not an image format");
        assertUsage("input\n", "no cases");
        assertUsage("input,\"unclosed\n", "not closed");
        InputException missing = assertThrows(InputException.class,
                () -> Manifest.cases(tmp.resolve("none.csv"), tmp, null, CasePrompts.NONE));
        assertEquals(3, missing.exitCode());
        Files.write(tmp.resolve("bin.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThrows(InputException.class, () -> Manifest.cases(tmp.resolve("bin.csv"), tmp, null, CasePrompts.NONE));
    }

    @Test
    void anOutputThatIsAnInputIsAUsageError() throws Exception {
        Path csv = write("m.csv", "input,output\n" + tmp.resolve("out/a.tif") + ",a.tif\n");
        UsageException e = assertThrows(UsageException.class, () -> Manifest.cases(csv, tmp.resolve("out"), null, CasePrompts.NONE));
        assertTrue(e.getMessage().contains("inputs are never overwritten"), e.getMessage());
        assertEquals(2, e.exitCode());
        Path csv2 = write("m2.csv", "input,output\nin.tif,x.tif\nother.tif," + tmp.resolve("in.tif") + "\n");
        assertThrows(UsageException.class, () -> Manifest.cases(csv2, tmp.resolve("out"), null, CasePrompts.NONE));
        Files.createDirectories(tmp.resolve("dir"));
        Files.write(tmp.resolve("dir/a.tif"), new byte[10]);
        assertThrows(UsageException.class, () -> Manifest.cases(tmp.resolve("dir"), tmp.resolve("dir"), null, CasePrompts.NONE));
    }

    @Test
    void aFolderGivesOneCasePerImageSortedWithOutputsInTheirFormat() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("scans"));
        for (String n : List.of("b.nii.gz", "a.tif", "c.mhd", "c.raw", "notes.txt", ".hidden.tif", "d.nhdr"))
            Files.write(dir.resolve(n), new byte[10]);
        Files.createDirectories(dir.resolve("series1"));
        Files.write(dir.resolve("series1/IM0001"), new byte[10]);
        Files.createDirectories(dir.resolve("empty"));
        List<BatchCase> cases = Manifest.cases(dir, tmp.resolve("out"), null, CasePrompts.NONE);
        assertEquals(List.of("a", "b", "c", "d", "series1"), cases.stream().map(BatchCase::id).toList());
        assertEquals(List.of("a-labels.tif", "b-labels.nii.gz", "c-labels.mha", "d-labels.nrrd", "series1-labels.nii.gz"),
                cases.stream().map(c -> c.output().getFileName().toString()).toList());
        Files.write(dir.resolve("a.png"), new byte[10]);
        UsageException e = assertThrows(UsageException.class, () -> Manifest.cases(dir, tmp.resolve("out"), null, CasePrompts.NONE));
        assertTrue(e.getMessage().contains("same id 'a'"), e.getMessage());
        assertThrows(InputException.class, () -> Manifest.cases(dir.resolve("empty"), tmp.resolve("out"), null, CasePrompts.NONE));
    }

    @Test
    void shardsPartitionCasesByAStableHashOfTheirId() {
        // the same numbers as python3 -c "import hashlib; d=hashlib.sha256(b'case-1').digest(); print(int.from_bytes(d[:8],'big') % 4)"
        assertEquals(2, Shard.partOf("case-1", 4));
        assertEquals(14, Shard.partOf("case-1", 16));
        assertEquals(0, Shard.partOf("p001", 4));
        assertEquals(8, Shard.partOf("p001", 16));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++)
            ids.add("case-" + i);
        Set<String> seen = new HashSet<>();
        int smallest = Integer.MAX_VALUE;
        for (int k = 0; k < 7; k++) {
            Shard s = Shard.parse(k + "/7");
            List<String> mine = ids.stream().filter(s::contains).toList();
            smallest = Math.min(smallest, mine.size());
            for (String id : mine)
                assertTrue(seen.add(id), id + " is in two shards");
        }
        assertEquals(500, seen.size());
        assertTrue(smallest > 40, "parts are roughly even: smallest " + smallest);
        assertTrue(Shard.ALL.contains("anything"));
        for (String bad : List.of("4/4", "-1/3", "1", "a/b", "0/0", "1/2/3"))
            assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
    }

    @Test
    void staleTemporaryFilesOfTheCasesAreRemovedOthersKept() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        BatchCase c = new BatchCase("a", tmp.resolve("a.tif"), out.resolve("a-labels.nii.gz"), CasePrompts.NONE);
        List<String> stale = List.of(".a-labels.nii.gz.123.part", ".a-labels.json.99.part", ".a-labels.tif.5.part.tif",
                ".a-labels.77.zraw.part");
        List<String> kept = List.of(".b-labels.nii.gz.123.part", "a-labels.nii.gz", ".a-labels.nii.gz", "x.part");
        for (String n : stale)
            Files.write(out.resolve(n), new byte[1]);
        for (String n : kept)
            Files.write(out.resolve(n), new byte[1]);
        assertEquals(stale.size(), StaleFiles.clean(List.of(c)));
        for (String n : kept)
            assertTrue(Files.exists(out.resolve(n)), n);
        assertNull(Files.list(out).filter(p -> stale.contains(p.getFileName().toString())).findAny().orElse(null));
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private void assertUsage(String manifest, String expected) throws Exception {
        Path csv = write("bad.csv", manifest);
        UsageException e = assertThrows(UsageException.class, () -> Manifest.cases(csv, tmp.resolve("out"), null, CasePrompts.NONE),
                manifest);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
