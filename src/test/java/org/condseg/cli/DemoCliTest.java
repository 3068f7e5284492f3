package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo}: the README's first command; every Dice it prints stands beside its trivial baseline. */
class DemoCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    @Test
    void printsEachDiceBesideItsBaselineAndWritesItsFiles() throws Exception {
        Path dir = tmp.resolve("condseg-demo");
        assertEquals(0, run("demo", "--output", dir.toString(), "--threads", "1"), errText());
        String text = out.toString(StandardCharsets.UTF_8);
        Matcher box = Pattern.compile("box .*-> Dice (0\\.\\d+) .*; the ellipse inscribed in the box: (0\\.\\d+)").matcher(text);
        Matcher click = Pattern.compile("click .*-> Dice (0\\.\\d+) .*; a disc of the object's area around the click: (0\\.\\d+)").matcher(text);
        assertTrue(box.find() && click.find(), text);
        double ellipse = Double.parseDouble(box.group(2)), disc = Double.parseDouble(click.group(2));
        assertTrue(ellipse > 0.5 && ellipse < 0.95 && disc > 0.5 && disc < 0.95, "baselines in a plausible range: " + text);
        assertTrue(Double.parseDouble(box.group(1)) > ellipse, "the model beats the ellipse from the box: " + text);
        for (String f : new String[] {"labels-box.tif", "labels-click.tif", "overlay.png", "report.txt"})
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        assertEquals(text.strip(), Files.readString(dir.resolve("report.txt")).strip());
    }
}
