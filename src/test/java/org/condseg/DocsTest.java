package org.condseg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The docs a newcomer reads: a short README that opens with its two commands, and no broken link anywhere. */
class DocsTest {

    @Test
    void theReadmeIsShortAndOpensWithItsTwoCommands() throws Exception {
        Path readme = Fixtures.repo().resolve("README.md");
        assertTrue(Files.size(readme) <= 10 * 1024, "README.md is " + Files.size(readme) + " bytes");
        List<String> lines = Files.readAllLines(readme);
        int fence = lines.indexOf("```");
        assertTrue(fence > 0 && fence < 5, "a code block near the top");
        assertEquals("mvn -B -q package -DskipTests && java -jar target/condseg.jar demo", lines.get(fence + 1));
        assertEquals("mvn -B test", lines.get(fence + 2), "the second command is the one .ci/run runs");
        assertEquals("```", lines.get(fence + 3));
        assertTrue(Files.readString(Fixtures.repo().resolve(".ci/run")).contains("mvn -B test"));
    }

    @Test
    void everyDocLinkResolvesInsideTheRepository() throws Exception {
        Tools.requirePython();
        Process p = new ProcessBuilder(Tools.python(), Fixtures.repo().resolve("scripts/check-doc-links.py").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
