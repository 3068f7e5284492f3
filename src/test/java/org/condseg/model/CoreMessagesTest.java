package org.condseg.model;

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

import org.junit.jupiter.api.Test;

/** Core messages name options through {@link OptionKey}, so that each front end spells them its own way. */
class CoreMessagesTest {

    /**
     * The core, and the ImageJ layers whose messages ImageJ shows as they are (ImageJ front ends render
     * OptionKey placeholders in macro syntax, so no literal there may spell a flag either).
     */
    private static final List<String> CORE = List.of("model", "conditioning", "tiling", "runtime", "refine", "segment", "evaluate", "io",
            "batch", "ij", "plugins", "commands");
    /** A string literal holding a command-line flag such as {@code --tta}. */
    private static final Pattern FLAG_IN_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*--[a-z](?:[^\"\\\\]|\\\\.)*\"");

    @Test
    void noCoreStringLiteralSpellsACommandLineFlag() throws IOException {
        List<String> found = new ArrayList<>();
        for (String pkg : CORE) {
            Path dir = Path.of("src/main/java/org/condseg", pkg);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (f.getFileName().toString().equals("OptionKey.java"))
                        continue; // the one place that spells them
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*"))
                            continue;
                        Matcher m = FLAG_IN_LITERAL.matcher(line);
                        if (m.find())
                            found.add(f + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "core messages spelling flags:\n" + String.join("\n", found));
    }

    @Test
    void eachFrontEndSpellsTheOptionItsWay() {
        UsageException e = new UsageException("needs a class: " + OptionKey.CLASS.mark() + "; or try " + OptionKey.TTA.mark());
        assertEquals("needs a class: --class NAME|INDEX; or try --tta", e.getMessage());
        assertEquals("needs a class: class=NAME; or try tta", e.message(OptionKey.Syntax.MACRO));
        assertFalse(e.oneLine(OptionKey.Syntax.MACRO).contains("--"));
        InputException i = new InputException(Path.of("a.tif"), "give " + OptionKey.INPUT.mark());
        assertEquals("a.tif: give channels=[A,B,...] naming one open image each", i.oneLine(OptionKey.Syntax.MACRO));
        for (OptionKey k : OptionKey.values())
            assertFalse(k.in(OptionKey.Syntax.MACRO).contains("--"), k.name());
    }
}
