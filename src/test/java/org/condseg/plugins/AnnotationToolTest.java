package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.plugin.frame.Recorder;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * The annotation tool in a real ImageJ under Xvfb, driven by mouse and key events dispatched on the
 * image's canvas as AWT delivers them: the tool is installed from the menu (plugins.config), a click on
 * a disc shows its mask as an overlay (warm: within 1 s), a negative click on the bridge to the next
 * disc shrinks the leaking mask, Enter commits label 1, a dragged box and Enter commit label 2, and the
 * Macro Recorder's lines, replayed in a fresh ImageJ, give the same label image. The bright-interactive-2d
 * fixture answers the prompts (it selects the bright pixels of the prompt's window).
 */
class AnnotationToolTest {

    @TempDir
    Path tmp;

    /** Two discs (centres 28,40 and 64,40, radius 9) joined by a 3 px bright bridge, on dark noise. */
    static ImagePlus discs() {
        int w = 96, h = 80;
        Random rnd = new Random(11);
        ByteProcessor bp = new ByteProcessor(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                boolean in = (x - 28) * (x - 28) + (y - 40) * (y - 40) <= 81 || (x - 64) * (x - 64) + (y - 40) * (y - 40) <= 81
                        || x >= 28 && x <= 64 && Math.abs(y - 40) <= 1;
                bp.set(x, y, (in ? 200 : 20) + rnd.nextInt(10));
            }
        ImageStack s = new ImageStack(w, h);
        s.addSlice(bp);
        return new ImagePlus("discs.tif", s);
    }

    /** Under a display, with -Dplugins.dir: arg the output folder. Prints "result: key value" lines and the Recorder's text. */
    public static void main(String[] a) {
        if (a.length > 1 && a[1].equals("latency")) {
            latency();
            return;
        }
        int code = 1;
        try {
            Path out = Path.of(a[0]);
            new ImageJ(ImageJ.NO_SHOW);
            new Recorder();
            ImageJMacroTest.save(discs(), out.resolve("discs.tif"));
            ImagePlus imp = IJ.openImage(out.resolve("discs.tif").toString());
            imp.show();
            IJ.wait(300);
            IJ.run("Annotation Tool");
            AnnotationTool tool = AnnotationTool.instance();
            result("tool", Toolbar.getToolName());
            tool.setModel("bright-interactive-2d");
            ImageCanvas canvas = imp.getCanvas();

            long cold = click(canvas, imp, 28, 40, 0);
            result("cold_ms", cold / 1_000_000);
            long warm = click(canvas, imp, 28, 40, 0); // the same click again: the model is loaded
            result("warm_ms", warm / 1_000_000);
            key(canvas, KeyEvent.VK_ESCAPE, (char) 27);
            waitFor(() -> mask(imp) == null, "Esc clears the overlay");
            click(canvas, imp, 28, 40, 0);
            int leaking = count(mask(imp));
            click(canvas, imp, 46, 40, InputEvent.ALT_DOWN_MASK);
            int shrunk = count(mask(imp));
            result("leaking", leaking);
            result("shrunk", shrunk);
            key(canvas, KeyEvent.VK_BACK_SPACE, '\b');
            tool.await();
            result("undone", count(mask(imp)));
            click(canvas, imp, 46, 40, InputEvent.ALT_DOWN_MASK);
            key(canvas, KeyEvent.VK_ENTER, '\n');
            waitFor(() -> WindowManager.getImage("discs-labels") != null, "Enter makes discs-labels");
            tool.await();
            ImagePlus labels = WindowManager.getImage("discs-labels");
            result("label_a", labels.getProcessor().get(28, 40));

            drag(canvas, imp, 53, 29, 76, 52);
            tool.await();
            key(canvas, KeyEvent.VK_ENTER, '\n');
            tool.await();
            IJ.wait(300);
            result("label_b", labels.getProcessor().get(64, 40));
            result("labels_windows", count(WindowManager.getImageTitles(), "discs-labels"));
            RoiManager rm = RoiManager.getInstance();
            result("roi_manager", rm == null ? 0 : rm.getCount());
            result("outlines", outlines(imp));
            result("error", String.valueOf(tool.lastError()));
            IJ.saveAsTiff(labels, out.resolve("tool-labels.tif").toString());

            // a model with candidate masks: the C key shows the next one (best, then small: a disc at the click)
            tool.setModel("candidates-2d");
            click(canvas, imp, 28, 40, 0);
            result("candidate_best", count(mask(imp)));
            key(canvas, KeyEvent.VK_C, 'c');
            tool.await();
            result("candidate_small", count(mask(imp)));
            result("candidate_error", String.valueOf(tool.lastError()));
            key(canvas, KeyEvent.VK_ESCAPE, (char) 27);
            tool.await();
            System.out.println("recorded: " + Recorder.getInstance().getText().replace("\n", "\nrecorded: "));
            code = 0;
        } catch (Exception | Error e) {
            e.printStackTrace();
        } finally {
            System.exit(code);
        }
    }

    /**
     * Measures click to overlay with interactive-2d on a 512 x 512 slice (16-bit, 12 ellipses on a noisy
     * background): one cold click, then 20 warm ones (Esc between), each at an ellipse centre. Prints
     * "latency: overlay_ms session_ms pixels" per warm click.
     */
    static void latency() {
        int code = 1;
        try {
            new ImageJ(ImageJ.NO_SHOW);
            Random rnd = new Random(5);
            ij.process.ShortProcessor sp = new ij.process.ShortProcessor(512, 512);
            int[][] centres = new int[12][];
            for (int k = 0; k < centres.length; k++)
                centres[k] = new int[] {60 + rnd.nextInt(392), 60 + rnd.nextInt(392), 12 + rnd.nextInt(20), 10 + rnd.nextInt(20)};
            for (int y = 0; y < 512; y++)
                for (int x = 0; x < 512; x++) {
                    int v = 300 + rnd.nextInt(200);
                    for (int[] c : centres) {
                        double dx = (x - c[0]) / (double) c[2], dy = (y - c[1]) / (double) c[3];
                        if (dx * dx + dy * dy <= 1)
                            v += 900;
                    }
                    sp.set(x, y, v);
                }
            ImagePlus imp = new ImagePlus("slice512", sp);
            imp.show();
            IJ.wait(300);
            IJ.run("Annotation Tool");
            AnnotationTool tool = AnnotationTool.instance();
            tool.setModel("interactive-2d");
            ImageCanvas canvas = imp.getCanvas();
            imp.getWindow().setLocation(0, 0);
            long cold = click(canvas, imp, centres[0][0], centres[0][1], 0);
            result("cold_ms", cold / 1_000_000);
            for (int i = 0; i < 20; i++) {
                key(canvas, KeyEvent.VK_ESCAPE, (char) 27);
                tool.await();
                int[] c = centres[(i + 1) % centres.length];
                long t = click(canvas, imp, c[0], c[1], 0);
                System.out.println("latency: " + t / 1e6 + " " + tool.latencyNanos() / 1e6 + " " + count(mask(imp)));
            }
            code = 0;
        } catch (Exception | Error e) {
            e.printStackTrace();
        } finally {
            System.exit(code);
        }
    }

    static void result(String key, Object value) {
        System.out.println("result: " + key + " " + value);
    }

    /** Clicks at image pixel (x, y); returns the time until the overlay shows a new mask. */
    static long click(ImageCanvas c, ImagePlus imp, int x, int y, int modifiers) throws Exception {
        ImageRoi before = maskRoi(imp);
        long t0 = System.nanoTime();
        mouse(c, MouseEvent.MOUSE_PRESSED, c.screenX(x), c.screenY(y), modifiers);
        mouse(c, MouseEvent.MOUSE_RELEASED, c.screenX(x), c.screenY(y), modifiers);
        waitFor(() -> maskRoi(imp) != null && maskRoi(imp) != before, "the mask overlay after a click at " + x + "," + y);
        return System.nanoTime() - t0;
    }

    static void drag(ImageCanvas c, ImagePlus imp, int x0, int y0, int x1, int y1) throws Exception {
        ImageRoi before = maskRoi(imp);
        mouse(c, MouseEvent.MOUSE_PRESSED, c.screenX(x0), c.screenY(y0), 0);
        for (int i = 1; i <= 5; i++)
            mouse(c, MouseEvent.MOUSE_DRAGGED, c.screenX(x0 + (x1 - x0) * i / 5), c.screenY(y0 + (y1 - y0) * i / 5), InputEvent.BUTTON1_DOWN_MASK);
        mouse(c, MouseEvent.MOUSE_RELEASED, c.screenX(x1), c.screenY(y1), 0);
        waitFor(() -> maskRoi(imp) != null && maskRoi(imp) != before, "the mask overlay after a box");
    }

    static void mouse(ImageCanvas c, int id, int sx, int sy, int modifiers) throws Exception {
        int mods = modifiers | (id == MouseEvent.MOUSE_RELEASED ? 0 : InputEvent.BUTTON1_DOWN_MASK);
        EventQueue.invokeAndWait(() -> c.dispatchEvent(new MouseEvent(c, id, System.currentTimeMillis(), mods, sx, sy, 1, false,
                MouseEvent.BUTTON1)));
    }

    static void key(ImageCanvas c, int code, char ch) throws Exception {
        EventQueue.invokeAndWait(() -> {
            c.dispatchEvent(new KeyEvent(c, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0, code, ch));
            c.dispatchEvent(new KeyEvent(c, KeyEvent.KEY_RELEASED, System.currentTimeMillis(), 0, code, ch));
        });
    }

    static void waitFor(BooleanSupplier condition, String what) {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end)
                throw new IllegalStateException("timed out waiting for " + what + "; the tool's last error: "
                        + (AnnotationTool.instance() == null ? "no tool" : AnnotationTool.instance().lastError()) + ", latency "
                        + (AnnotationTool.instance() == null ? -1 : AnnotationTool.instance().latencyNanos()));
            IJ.wait(5);
        }
    }

    static ImageRoi maskRoi(ImagePlus imp) {
        Overlay o = imp.getOverlay();
        if (o != null)
            for (Roi r : o.toArray())
                if (r instanceof ImageRoi ir && r.getName() != null && r.getName().startsWith(AnnotationTool.LIVE + "-mask"))
                    return ir;
        return null;
    }

    static ImageProcessor mask(ImagePlus imp) {
        ImageRoi r = maskRoi(imp);
        return r == null ? null : r.getProcessor();
    }

    /** The coloured (mask) pixels of the overlay's mask image. */
    static int count(ImageProcessor ip) {
        int n = 0;
        if (ip != null)
            for (int i = 0; i < ip.getPixelCount(); i++)
                n += (ip.get(i) & 0xffffff) != 0 ? 1 : 0;
        return n;
    }

    static int count(String[] titles, String title) {
        int n = 0;
        for (String t : titles)
            n += t.equals(title) ? 1 : 0;
        return n;
    }

    static int outlines(ImagePlus imp) {
        int n = 0;
        Overlay o = imp.getOverlay();
        if (o != null)
            for (Roi r : o.toArray())
                n += r.getName() != null && r.getName().startsWith("condseg-label-") ? 1 : 0;
        return n;
    }

    @Test
    void clicksKeysAndABoxMakeLabelsOneAndTwoAndTheRecordedMacroReplays() throws Exception {
        ImageJClient.requireXvfb();
        Path log = tmp.resolve("log.txt");
        List<String> cmd = List.of("timeout", "150", "xvfb-run", "-a", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dplugins.dir=" + ImageJClient.pluginsHome(), AnnotationToolTest.class.getName(), tmp.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path")); // see HeadlessPluginTest
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("CONDSEG_MODELS", ImageJClient.pluginsHome().resolve("models").toString()); // the classes come from the class path
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "timed out: " + Files.readString(log));
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        assertEquals(AnnotationTool.NAME, value(output, "tool"));
        long warm = Long.parseLong(value(output, "warm_ms"));
        System.out.println("annotation tool, bright-interactive-2d on 96x80: cold click " + value(output, "cold_ms") + " ms, warm click "
                + warm + " ms to the overlay");
        assertTrue(warm < 1000, "a warm click shows its mask within 1 s: " + warm + " ms");
        int leaking = Integer.parseInt(value(output, "leaking")), shrunk = Integer.parseInt(value(output, "shrunk"));
        assertTrue(shrunk < leaking - 40, "a negative click on the bridge shrinks the mask: " + leaking + " -> " + shrunk);
        assertEquals(leaking, Integer.parseInt(value(output, "undone")), "Backspace undoes the negative click");
        assertEquals("1", value(output, "label_a"));
        assertEquals("2", value(output, "label_b"));
        assertEquals("1", value(output, "labels_windows"), "one label image for the source");
        assertEquals("2", value(output, "roi_manager"));
        assertEquals("2", value(output, "outlines"), "the committed objects' outlines on the source");
        assertEquals("null", value(output, "error"));
        int best = Integer.parseInt(value(output, "candidate_best")), small = Integer.parseInt(value(output, "candidate_small"));
        assertTrue(small > 10 && small < best / 2, "C shows the small candidate: " + best + " -> " + small + " px");
        assertEquals("null", value(output, "candidate_error"));

        List<String> lines = new ArrayList<>();
        for (String l : output.lines().toList())
            if (l.startsWith("recorded: run(\"Annotate...\""))
                lines.add(l.substring("recorded: ".length()));
        assertEquals(2, lines.size(), output);
        System.out.println("Macro Recorder:\n" + String.join("\n", lines));
        assertTrue(lines.get(0).contains("negative=[46,40]") && lines.get(0).contains("label=1"), lines.get(0));
        assertTrue(lines.get(1).contains("box=[53,29,23,23]") && lines.get(1).contains("label=2"), lines.get(1));

        Path replayed = tmp.resolve("replayed.tif");
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + ImageJMacroTest.q(tmp.resolve("discs.tif")) + ");\n"
                + String.join("\n", lines) + "\nselectImage(\"discs-labels\");\nsaveAs(\"Tiff\", " + ImageJMacroTest.q(replayed) + ");\n");
        ImagePlus again = ImageJMacroTest.open(replayed, run);
        ImagePlus tool = IJ.openImage(tmp.resolve("tool-labels.tif").toString());
        assertArrayEquals((byte[]) tool.getProcessor().getPixels(), (byte[]) again.getProcessor().getPixels(),
                "the recorded session replays to the same labels");
    }

    /** Reports (asserts no time) the warm click-to-overlay latency with interactive-2d on a 512 x 512 slice. */
    @Test
    void warmLatencyOfInteractive2dOnA512Slice() throws Exception {
        ImageJClient.requireXvfb();
        Path log = tmp.resolve("latency.txt");
        List<String> cmd = List.of("timeout", "150", "xvfb-run", "-a", "-s", "-screen 0 1280x1024x24",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
                "-Dplugins.dir=" + ImageJClient.pluginsHome(), AnnotationToolTest.class.getName(), tmp.toString(), "latency");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("CONDSEG_MODELS", ImageJClient.pluginsHome().resolve("models").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "timed out: " + Files.readString(log));
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        List<double[]> rows = output.lines().filter(l -> l.startsWith("latency: ")).map(l -> java.util.Arrays.stream(
                l.substring(9).trim().split(" ")).mapToDouble(Double::parseDouble).toArray()).toList();
        assertEquals(20, rows.size(), output);
        for (double[] r : rows)
            assertTrue(r[2] > 50, "every click gives a mask: " + r[2] + " pixels");
        double[] overlay = rows.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double[] session = rows.stream().mapToDouble(r -> r[1]).sorted().toArray();
        System.out.printf("annotation tool, interactive-2d, 512x512 slice, %d cores: cold click %s ms; warm click to overlay "
                + "median %.0f ms (p90 %.0f ms), of which the model step median %.0f ms%n", Runtime.getRuntime().availableProcessors(),
                value(output, "cold_ms"), overlay[10], overlay[17], session[10]);
    }

    private static String value(String output, String key) {
        return output.lines().filter(l -> l.startsWith("result: " + key + " ")).map(l -> l.substring(("result: " + key + " ").length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in:\n" + output));
    }
}
