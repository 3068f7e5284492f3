package org.condseg.plugins;

import java.awt.Color;
import java.awt.Component;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.condseg.model.OptionKey;
import org.condseg.ij.AnnotationLabels;
import org.condseg.ij.AnnotationSession;
import org.condseg.ij.AnnotationSession.Prompt;
import org.condseg.model.CondSegException;
import org.condseg.runtime.EngineThreads;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.ImageCanvas;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.plugin.frame.Recorder;
import ij.plugin.tool.PlugInTool;
import ij.process.ByteProcessor;
import ij.process.LUT;

/**
 * The CondSeg annotation tool in ImageJ's toolbar ({@code Plugins › Conditional Segmentation › Annotation
 * Tool}): click = positive point, Alt-click = negative point, drag = box, Shift-drag = scribble; the
 * mask shows at once as an overlay. Enter commits the object to the image's {@code T-labels} (next
 * label value, ROI Manager entry, outline on the image) and records it as an {@code Annotate...} macro
 * line; Backspace undoes the last prompt, Esc clears, C shows the next candidate mask of a model with
 * several (best, small, medium, large). The {@link AnnotationPanel} chooses the models and
 * propagates or runs the 3D model. The model work runs on one worker thread, in order; the pixel work is
 * {@link AnnotationSession}'s.
 */
public class AnnotationTool extends PlugInTool {

    static final String NAME = "CondSeg Annotation Tool";
    /** Overlay elements of the object being drawn carry names starting with this. */
    static final String LIVE = "condseg-live";
    static final String MODEL_PREF = "condseg.annotation.model", MODEL3D_PREF = "condseg.annotation.model3d";
    private static final int CLICK_RADIUS = 3; // screen pixels: a shorter drag is a click

    private static AnnotationTool instance;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = EngineThreads.newThread(r, "annotation");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, AnnotationSession> sessions = new HashMap<>();
    private final Map<Integer, int[]> ranges = new HashMap<>();
    private AnnotationPanel panel;
    private volatile String model = Prefs.get(MODEL_PREF, "interactive-2d");
    private volatile String model3d = Prefs.get(MODEL3D_PREF, "interactive-3d");
    private volatile ImagePlus last;
    private volatile long latencyNanos = -1;
    private volatile String lastError;
    private int pressX, pressY, pressSx, pressSy;
    private boolean alt, shift;
    private final List<int[]> stroke = new ArrayList<>();

    @Override
    public void run(String arg) {
        try {
            if (instance != null && instance != this) {
                // chosen again from the menu: the installed tool, selected, with its panel
                Toolbar.addPlugInTool(instance);
                instance.showOptionsDialog();
                return;
            }
            instance = this;
            Toolbar.addPlugInTool(this);
            panel = new AnnotationPanel(this);
            if (!java.awt.GraphicsEnvironment.isHeadless())
                panel.setVisible(true);
        } catch (NoClassDefFoundError e) {
            MissingClass.report(NAME, e);
        }
    }

    /** The installed tool, or {@code null}. */
    static AnnotationTool instance() {
        return instance;
    }

    @Override
    public String getToolName() {
        return NAME;
    }

    @Override
    public String getToolIcon() {
        return "C059O11ddCf80o5544";
    }

    @Override
    public void showOptionsDialog() {
        if (panel != null)
            panel.setVisible(true);
    }

    // ---- mouse ----

    @Override
    public void mousePressed(ImagePlus imp, MouseEvent e) {
        e.consume();
        KeyGate.install(imp, this);
        ImageCanvas c = imp.getCanvas();
        pressSx = e.getX();
        pressSy = e.getY();
        pressX = c.offScreenX(pressSx);
        pressY = c.offScreenY(pressSy);
        alt = e.isAltDown();
        shift = e.isShiftDown();
        stroke.clear();
        stroke.add(new int[] {pressX, pressY});
    }

    @Override
    public void mouseDragged(ImagePlus imp, MouseEvent e) {
        e.consume();
        ImageCanvas c = imp.getCanvas();
        int x = c.offScreenX(e.getX()), y = c.offScreenY(e.getY());
        stroke.add(new int[] {x, y});
        Roi rubber = shift ? polyline(stroke) : new Roi(Math.min(pressX, x), Math.min(pressY, y), Math.abs(x - pressX), Math.abs(y - pressY));
        rubber.setStrokeColor(Color.yellow);
        rubber.setName(LIVE + "-drawing");
        Overlay o = liveless(imp);
        o.add(rubber);
        imp.setOverlay(o);
    }

    @Override
    public void mouseReleased(ImagePlus imp, MouseEvent e) {
        e.consume();
        ImageCanvas c = imp.getCanvas();
        int x = c.offScreenX(e.getX()), y = c.offScreenY(e.getY());
        boolean click = Math.abs(e.getX() - pressSx) <= CLICK_RADIUS && Math.abs(e.getY() - pressSy) <= CLICK_RADIUS;
        Prompt p;
        if (click)
            p = new AnnotationSession.Point(pressX, pressY, !alt);
        else if (shift) {
            stroke.add(new int[] {x, y});
            int[] xs = new int[stroke.size()], ys = new int[stroke.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = stroke.get(i)[0];
                ys[i] = stroke.get(i)[1];
            }
            p = new AnnotationSession.Stroke(xs, ys);
        } else {
            int w = Math.abs(x - pressX), h = Math.abs(y - pressY);
            if (w == 0 || h == 0)
                return;
            p = new AnnotationSession.Rect(Math.min(pressX, x), Math.min(pressY, y), w, h);
        }
        prompt(imp, p, imp.getZ(), imp.getT());
    }

    // ---- actions (each runs on the worker, in order) ----

    /** Adds a prompt to the image's object and shows the new mask. */
    void prompt(ImagePlus imp, Prompt p, int z, int t) {
        last = imp;
        work(imp, s -> {
            long t0 = System.nanoTime();
            s.add(p, z, t);
            latencyNanos = System.nanoTime() - t0;
            status(String.format("mask in %.0f ms (%d prompt(s)%s); Enter commits, Backspace undoes, Esc clears",
                    latencyNanos / 1e6, s.prompts().size(), s.spec().conditioning().candidates().several()
                            ? ", candidate " + s.maskChoice().text() + ", C for the next" : ""));
        });
    }

    void commit(ImagePlus imp) {
        work(imp, s -> {
            if (!s.hasMask()) {
                status("nothing to commit: click on an object first");
                return;
            }
            int[] range = s.range();
            String mode = range == null ? "slice" : modeOf(imp);
            String model2d = s.spec().id();
            AnnotationSession.Committed c = s.commit(0);
            AnnotationLabels labels = s.labels();
            java.awt.EventQueue.invokeAndWait(() -> {
                labels.show();
                Annotate.addToRoiManager(c.rois());
                if (imp.getWindow() != null)
                    imp.getWindow().toFront();
            });
            outline(imp, c, labels);
            if (Recorder.record)
                Recorder.recordString("run(\"Annotate...\", \"" + Annotate.options(imp.getTitle(), model2d, c, mode, model3d) + "\");\n");
            status("label " + c.label() + " committed to " + labels.image().getTitle() + " (" + c.voxels() + " pixels)");
        });
    }

    /** The next candidate mask (best, small, medium, large) for the object's prompts. */
    void nextCandidate(ImagePlus imp) {
        work(imp, s -> {
            s.nextCandidate();
            status("candidate: " + s.maskChoice().text() + " (C for the next; Enter commits)");
        });
    }

    void undo(ImagePlus imp) {
        work(imp, s -> {
            s.undo();
            status(s.prompts().size() + " prompt(s)");
        });
    }

    void clear(ImagePlus imp) {
        work(imp, s -> {
            s.clear();
            status("cleared");
        });
    }

    void propagate(ImagePlus imp) {
        work(imp, s -> {
            int[] r = range(imp);
            long t0 = System.nanoTime();
            s.propagate(r[0], r[1]);
            modes.put(imp.getID(), "propagate");
            status(String.format("propagated over slices %d-%d in %.1f s; Enter commits", r[0], r[1], (System.nanoTime() - t0) / 1e9));
        });
    }

    void segment3d(ImagePlus imp) {
        work(imp, s -> {
            int[] r = range(imp);
            LoadedModels.Loaded m3 = LoadedModels.get(model3d);
            long t0 = System.nanoTime();
            s.segment3d(m3.spec(), m3.network(), r[0], r[1]);
            modes.put(imp.getID(), "3d");
            status(String.format("3D model %s over slices %d-%d in %.1f s; Enter commits", model3d, r[0], r[1],
                    (System.nanoTime() - t0) / 1e9));
        });
    }

    private final Map<Integer, String> modes = new HashMap<>();

    private String modeOf(ImagePlus imp) {
        return modes.getOrDefault(imp.getID(), "propagate");
    }

    /** Marks the current slice as the first (or last) slice that propagation and the 3D model keep. */
    void mark(ImagePlus imp, boolean first) {
        int[] r = range(imp);
        if (first)
            r[0] = imp.getZ();
        else
            r[1] = imp.getZ();
        if (r[0] > r[1])
            r[first ? 1 : 0] = imp.getZ();
        ranges.put(imp.getID(), r);
        status("slices " + r[0] + "-" + r[1]);
    }

    int[] range(ImagePlus imp) {
        return ranges.computeIfAbsent(imp.getID(), k -> new int[] {1, imp.getNSlices()});
    }

    void setModel(String id) {
        if (!id.equals(model)) {
            model = id;
            Prefs.set(MODEL_PREF, id);
            synchronized (sessions) {
                sessions.clear();
            }
        }
    }

    void setModel3d(String id) {
        model3d = id;
        Prefs.set(MODEL3D_PREF, id);
    }

    String model() {
        return model;
    }

    String model3d() {
        return model3d;
    }

    /** The image the tool last worked on (for the panel's buttons). */
    ImagePlus lastImage() {
        ImagePlus imp = last;
        return imp != null && imp.getWindow() != null ? imp : ij.WindowManager.getCurrentImage();
    }

    /** The last prompt's time to its mask, in nanoseconds (-1 before the first). */
    long latencyNanos() {
        return latencyNanos;
    }

    /** The last error shown, or {@code null}. */
    String lastError() {
        return lastError;
    }

    /** Waits until the work submitted so far is done (for tests and macros). */
    void await() throws Exception {
        worker.submit(() -> null).get();
    }

    @FunctionalInterface
    private interface Step {
        void run(AnnotationSession s) throws Exception;
    }

    private void work(ImagePlus imp, Step step) {
        worker.submit(() -> {
            try {
                step.run(session(imp));
                lastError = null;
            } catch (CondSegException e) {
                error(e.oneLine(OptionKey.Syntax.MACRO));
            } catch (IllegalArgumentException | IllegalStateException e) {
                error(e.getMessage());
            } catch (NoClassDefFoundError e) {
                MissingClass.report(NAME, e);
            } catch (Exception e) {
                error(e.toString());
            }
            draw(imp);
        });
    }

    private AnnotationSession session(ImagePlus imp) throws CondSegException {
        synchronized (sessions) {
            AnnotationSession s = sessions.get(imp.getID());
            if (s == null || !s.spec().id().equals(model)) {
                LoadedModels.Loaded m = LoadedModels.get(model);
                s = new AnnotationSession(imp, m.spec(), m.network(), LoadedModels.OPTIONS);
                sessions.put(imp.getID(), s);
            }
            return s;
        }
    }

    private void error(String message) {
        lastError = message;
        IJ.showStatus("CondSeg: " + message);
        IJ.log("CondSeg annotation: " + message);
        IJ.beep();
    }

    private void status(String message) {
        IJ.showStatus("CondSeg: " + message);
        if (panel != null)
            panel.status(message);
    }

    // ---- overlay ----

    /** Redraws the object being drawn: its mask (filled on the prompted slice, outlined on the others) and prompts. */
    private void draw(ImagePlus imp) {
        AnnotationSession s;
        synchronized (sessions) {
            s = sessions.get(imp.getID());
        }
        Overlay o = liveless(imp);
        if (s != null) {
            int w = imp.getWidth(), h = imp.getHeight();
            for (int z = 1; z <= imp.getNSlices(); z++) {
                byte[] m = s.mask(z);
                if (m == null)
                    continue;
                Roi r;
                if (z == s.slice()) {
                    ImageRoi fill = new ImageRoi(0, 0, maskProcessor(m, w, h));
                    fill.setZeroTransparent(true);
                    fill.setOpacity(0.45);
                    r = fill;
                } else {
                    r = AnnotationLabels.outline(m, w, h);
                    if (r == null)
                        continue;
                    r.setStrokeColor(Color.cyan);
                }
                r.setName(LIVE + "-mask-z" + z);
                place(r, imp, z, s.frame());
                o.add(r);
            }
            for (Prompt p : s.prompts()) {
                Roi r = promptRoi(p);
                r.setName(LIVE + "-prompt");
                place(r, imp, s.slice(), s.frame());
                o.add(r);
            }
        }
        imp.setOverlay(o);
    }

    /** The committed object's outline on the image, in its label colour. */
    private static void outline(ImagePlus imp, AnnotationSession.Committed c, AnnotationLabels labels) {
        Overlay o = liveless(imp);
        LUT lut = labels.image().getProcessor().getLut();
        Color colour = new Color(lut.getRGB(c.label() % 256 == 0 ? 1 : c.label() % 256));
        for (Roi r : c.rois()) {
            Roi copy = (Roi) r.clone();
            copy.setStrokeColor(colour);
            copy.setName("condseg-label-" + c.label());
            place(copy, imp, zOf(r), c.frame());
            o.add(copy);
        }
        imp.setOverlay(o);
    }

    private static int zOf(Roi r) {
        return Math.max(1, r.getZPosition());
    }

    private static void place(Roi r, ImagePlus imp, int z, int t) {
        if (imp.isHyperStack())
            r.setPosition(0, z, t);
        else if (imp.getStackSize() > 1)
            r.setPosition(imp.getStackIndex(1, z, t));
    }

    /** The image's overlay without the live elements (a new, unselectable one where it has none). */
    static Overlay liveless(ImagePlus imp) {
        Overlay o = imp.getOverlay();
        o = o == null ? new Overlay() : o.duplicate();
        for (int i = o.size() - 1; i >= 0; i--) {
            String n = o.get(i).getName();
            if (n != null && n.startsWith(LIVE))
                o.remove(i);
        }
        o.selectable(false);
        return o;
    }

    private static ByteProcessor maskProcessor(byte[] m, int w, int h) {
        ByteProcessor bp = new ByteProcessor(w, h, m.clone());
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        r[1] = 0;
        g[1] = (byte) 200;
        b[1] = (byte) 255;
        bp.setLut(new LUT(r, g, b));
        return bp;
    }

    private static Roi promptRoi(Prompt p) {
        if (p instanceof AnnotationSession.Point pt) {
            PointRoi r = new PointRoi(pt.x() + 0.5, pt.y() + 0.5);
            r.setStrokeColor(pt.positive() ? Color.green : Color.red);
            r.setPointType(PointRoi.DOT);
            r.setSize(3);
            return r;
        }
        if (p instanceof AnnotationSession.Rect b) {
            Roi r = new Roi(b.x(), b.y(), b.width(), b.height());
            r.setStrokeColor(Color.yellow);
            return r;
        }
        AnnotationSession.Stroke s = (AnnotationSession.Stroke) p;
        List<int[]> pts = new ArrayList<>();
        for (int i = 0; i < s.xs().length; i++)
            pts.add(new int[] {s.xs()[i], s.ys()[i]});
        Roi r = polyline(pts);
        r.setStrokeColor(Color.green);
        return r;
    }

    private static Roi polyline(List<int[]> pts) {
        float[] xs = new float[pts.size()], ys = new float[pts.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pts.get(i)[0] + 0.5f;
            ys[i] = pts.get(i)[1] + 0.5f;
        }
        return new PolygonRoi(xs, ys, xs.length, Roi.FREELINE);
    }

    // ---- keys ----

    /**
     * Takes Enter, Backspace and Esc on an image's canvas while the tool is selected (ImageJ would bring
     * its own window forward, clear the selection, or beep) and passes every other key, and every key
     * while another tool is selected, to ImageJ's own listeners.
     */
    static final class KeyGate implements KeyListener {

        private final List<KeyListener> imagej;
        private final ImagePlus imp;
        private final AnnotationTool tool;

        private KeyGate(List<KeyListener> imagej, ImagePlus imp, AnnotationTool tool) {
            this.imagej = imagej;
            this.imp = imp;
            this.tool = tool;
        }

        static void install(ImagePlus imp, AnnotationTool tool) {
            Component[] targets = {imp.getCanvas(), imp.getWindow()};
            for (Component c : targets) {
                if (c == null)
                    continue;
                List<KeyListener> others = new ArrayList<>();
                boolean has = false;
                for (KeyListener k : c.getKeyListeners()) {
                    if (k instanceof KeyGate)
                        has = true;
                    else
                        others.add(k);
                }
                if (has)
                    continue;
                for (KeyListener k : others)
                    c.removeKeyListener(k);
                c.addKeyListener(new KeyGate(others, imp, tool));
            }
        }

        private boolean ours(KeyEvent e) {
            if (!NAME.equals(Toolbar.getToolName()))
                return false;
            int k = e.getKeyCode();
            return k == KeyEvent.VK_ENTER || k == KeyEvent.VK_BACK_SPACE || k == KeyEvent.VK_ESCAPE
                    || k == KeyEvent.VK_C && e.getModifiersEx() == 0
                    || e.getKeyChar() == '\n' || e.getKeyChar() == '\b' || e.getKeyChar() == 27
                    || (e.getKeyChar() == 'c' || e.getKeyChar() == 'C') && (e.getModifiersEx() & ~java.awt.event.InputEvent.SHIFT_DOWN_MASK) == 0;
        }

        @Override
        public void keyPressed(KeyEvent e) {
            if (!ours(e)) {
                for (KeyListener k : imagej)
                    k.keyPressed(e);
                return;
            }
            e.consume();
            switch (e.getKeyCode()) {
                case KeyEvent.VK_ENTER -> tool.commit(imp);
                case KeyEvent.VK_BACK_SPACE -> tool.undo(imp);
                case KeyEvent.VK_ESCAPE -> tool.clear(imp);
                case KeyEvent.VK_C -> tool.nextCandidate(imp);
                default -> { }
            }
        }

        @Override
        public void keyReleased(KeyEvent e) {
            for (KeyListener k : imagej)
                k.keyReleased(e);
        }

        @Override
        public void keyTyped(KeyEvent e) {
            if (ours(e))
                return;
            for (KeyListener k : imagej)
                k.keyTyped(e);
        }
    }
}
