package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Label;
import java.awt.TextField;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.NoisyDisc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.frame.Recorder;

/**
 * The Macro Recorder records {@code Refine Labels...} as a macro that gives the same result: a real
 * ImageJ under Xvfb, with the CondSeg menu from {@code plugins.config}, the Recorder open; the command
 * is chosen as from the menu ({@link Executer}), the steps typed into its dialog and OK pressed; the
 * recorded line is then run as a macro in a fresh ImageJ.
 */
class MacroRecorderTest {

    static final String STEPS = "fill-holes,largest,open:1.5mm";

    @TempDir
    Path tmp;

    /** Under a display, with -Dplugins.dir: args labels.tif, image.tif. Prints "recorded: " and the Recorder's text. */
    public static void main(String[] a) {
        int code = 1;
        try {
            new ImageJ(ImageJ.NO_SHOW);
            new Recorder();
            ImagePlus image = IJ.openImage(a[1]), labels = IJ.openImage(a[0]);
            image.show();
            labels.show();
            IJ.wait(500);
            new Executer("Refine Labels...", labels);
            Dialog d = OpenDialogs.waitFor("Refine Labels");
            type(d, "steps", STEPS);
            choose(d, 1, image.getTitle()); // the second choice: image
            press(d, "OK");
            for (int i = 0; i < 100 && WindowManager.getImage("disc-labels-refined") == null; i++)
                IJ.wait(100);
            IJ.wait(500);
            System.out.println("refined: " + (WindowManager.getImage("disc-labels-refined") != null));
            System.out.println("recorded: " + Recorder.getInstance().getText().replace("\n", "\nrecorded: "));
            code = 0;
        } catch (Exception | Error e) {
            e.printStackTrace();
        } finally {
            System.exit(code);
        }
    }

    /** Types into the text field that follows the label {@code key}. */
    private static void type(Container c, String key, String text) {
        boolean next = false;
        for (Component k : all(c)) {
            if (k instanceof Label l)
                next = l.getText().trim().equals(key);
            else if (next && k instanceof TextField f) {
                f.setText(text);
                return;
            }
        }
        throw new IllegalStateException("no field " + key);
    }

    private static void choose(Container c, int index, String item) {
        int n = 0;
        for (Component k : all(c))
            if (k instanceof java.awt.Choice ch && n++ == index) {
                ch.select(item);
                return;
            }
        throw new IllegalStateException("no choice " + index);
    }

    private static List<Component> all(Container c) {
        List<Component> out = new java.util.ArrayList<>();
        for (Component k : c.getComponents()) {
            out.add(k);
            if (k instanceof Container inner)
                out.addAll(all(inner));
        }
        return out;
    }

    private static void press(Container c, String label) {
        for (Component k : all(c))
            if (k instanceof Button b && b.getLabel().trim().equals(label)) {
                for (ActionListener l : b.getActionListeners())
                    l.actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, label));
                return;
            }
    }

    @Test
    void theRecordedLineRunsTheSameRefinement() throws Exception {
        ImageJClient.requireXvfb();
        NoisyDisc disc = NoisyDisc.make(7);
        Path labels = tmp.resolve("disc-labels.tif"), image = tmp.resolve("disc.tif"), log = tmp.resolve("log.txt");
        ImageJMacroTest.save(disc.noisy(), labels);
        ImageJMacroTest.save(disc.image(), image);
        List<String> cmd = List.of("timeout", "120", "xvfb-run", "-a", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dplugins.dir=" + ImageJClient.pluginsHome(), MacroRecorderTest.class.getName(),
                labels.toString(), image.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path")); // see HeadlessPluginTest
        Process p = pb.start();
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "timed out: " + Files.readString(log));
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("refined: true"), output);
        String line = output.lines().filter(l -> l.contains("run(\"Refine Labels...\"")).findFirst().orElse("")
                .replaceFirst("^recorded: ", "");
        System.out.println("Macro Recorder: " + line);
        assertTrue(line.startsWith("run(\"Refine Labels...\", \"labels=disc-labels.tif image=disc.tif "), output);
        assertTrue(line.contains("steps=" + STEPS) || line.contains("steps=[" + STEPS + "]"), line);

        // the recorded line, replayed as a macro, makes the same refinement
        Path refined = tmp.resolve("replayed.tif");
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + ImageJMacroTest.q(labels) + ");\n"
                + "open(" + ImageJMacroTest.q(image) + ");\n" + line + "\n"
                + "selectImage(\"disc-labels-refined\");\n"
                + "run(\"Save Label Image...\", \"path=[" + refined + "]\");\n");
        double dice = disc.dice(ImageJMacroTest.open(refined, run));
        assertTrue(dice - disc.dice(disc.noisy()) >= 0.10, "replayed: Dice " + dice);
    }
}
