package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.condseg.Fixtures;
import org.junit.jupiter.api.Test;

/** Every message ImageJ shows is free of command-line flags. */
class MacroWordsTest {

    @Test
    void knownPhrasesBecomeMacroKeys() {
        assertEquals("model m needs a prompt: a point, rectangle or freehand selection (prompt=roi), the ROI Manager "
                + "(prompt=roi-manager) or a prior label image (prompt=label-image)", MacroWords.of("model m needs a prompt: --point, --box or --mask"));
        assertEquals("this model needs a class: class=NAME (e.g. class=Hippocampus_L)",
                MacroWords.of("this model needs a class: --class NAME|INDEX (e.g. --class Hippocampus_L)"));
        assertEquals("tta is not available", MacroWords.of("--tta is not available"));
        assertEquals("a range 3-5 stays", MacroWords.of("a range 3-5 stays"));
    }

    /** The string literals of the core and ImageJ layers that name a flag, translated, name none. */
    @Test
    void noCoreMessageReachesImageJWithAFlag() throws IOException {
        Pattern literal = Pattern.compile("\"([^\"\\n]*+)\"");
        List<String> found = new ArrayList<>();
        for (String pkg : List.of("model", "conditioning", "tiling", "runtime", "refine", "segment", "io", "ij", "plugins")) {
            try (Stream<Path> files = Files.walk(Fixtures.repo().resolve("src/main/java/org/condseg/" + pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = literal.matcher(Files.readString(f));
                    while (m.find())
                        if (m.group(1).matches(".*--[a-z].*"))
                            found.add(m.group(1));
                }
            }
        }
        assertTrue(found.size() >= 5, "the scan finds the core's flag messages: " + found);
        for (String s : found) {
            if (s.contains("gdcmconv --raw"))
                continue; // a tool's own command line, not ours
            assertFalse(Pattern.compile("(^|[\\s(\\[,])--[a-z]").matcher(MacroWords.of(s)).find(), s + " -> " + MacroWords.of(s));
        }
    }
}
