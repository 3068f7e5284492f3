package org.condseg.plugins;

import java.util.ArrayList;
import java.util.List;

import org.condseg.ij.AnnotationSession;
import org.condseg.ij.AnnotationSession.Point;
import org.condseg.ij.AnnotationSession.Prompt;
import org.condseg.ij.AnnotationSession.Rect;
import org.condseg.ij.AnnotationSession.Stroke;
import org.condseg.ij.StatusBarProgress;
import org.condseg.model.MaskChoice;
import org.condseg.model.UsageException;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;

/**
 * {@code Plugins › Conditional Segmentation › Annotate...}: one object of the annotation tool, as a
 * macro line. The tool records each object it commits as such a line; replayed, the lines give the same
 * label image ({@code T-labels}, one per source image, the same label values).
 *
 * <pre>{@code
 * run("Annotate...", "image=cells.tif model=interactive-2d slice=1 frame=1 points=[40,31] negative=[52,30] label=1");
 * run("Annotate...", "image=ct.tif model=interactive-2d slice=12 box=[30,40,25,20] mode=propagate first=5 last=20 label=2");
 * run("Annotate...", "image=ct.tif model=interactive-2d slice=12 box=[30,40,25,20] mode=3d model3d=interactive-3d first=5 last=20");
 * }</pre>
 *
 * Keys: {@code image} (title; default the current image), {@code model} (a 2D interactive model),
 * {@code slice} and {@code frame} (1-based), {@code points} and {@code negative} ({@code x,y} pairs
 * separated by spaces), {@code box} ({@code x,y,width,height}), {@code scribble} (the points of the
 * line, {@code x,y} pairs; several scribbles separated by {@code ;}), {@code mode} ({@code slice},
 * {@code propagate} or {@code 3d}), {@code model3d}, {@code first} and {@code last} (the slices kept),
 * {@code label} (0: the next free value).
 */
public class Annotate implements PlugIn {

    static final String TITLE = "Annotate";
    static final String[] MODES = {"slice", "propagate", "3d"};

    @Override
    public void run(String arg) {
        MissingClass.guard("Annotate", () -> body(arg));
    }

    private void body(String arg) {
        ImagePlus current = WindowManager.getCurrentImage();
        OptionsDialog d = new OptionsDialog(TITLE, arg);
        d.string("image", current == null ? "" : current.getTitle());
        d.string("model", "interactive-2d");
        d.number("slice", current == null ? 1 : current.getZ());
        d.number("frame", current == null ? 1 : current.getT());
        d.string("points", "");
        d.string("negative", "");
        d.string("box", "");
        d.string("scribble", "");
        d.choice("mode", MODES, "slice");
        d.string("model3d", "interactive-3d");
        d.number("first", 0);
        d.number("last", 0);
        d.number("label", 0);
        d.choice("mask_choice", java.util.Arrays.stream(MaskChoice.values()).map(MaskChoice::text).toArray(String[]::new), "best");
        d.help("One object of the annotation tool (docs/user/annotation-tool.md): the prompts on one slice, "
                + "points and negative as x,y pairs, box as x,y,width,height; mode propagate or 3d keeps slices first..last; "
                + "mask_choice is the candidate mask of a model with several (best, small, medium, large).");
        if (!d.show())
            return;
        String title = d.nextString(), model = d.nextString();
        int slice = (int) d.nextNumber(), frame = (int) d.nextNumber();
        String points = d.nextString(), negative = d.nextString(), box = d.nextString(), scribble = d.nextString();
        String mode = d.nextString(), model3d = d.nextString();
        int first = (int) d.nextNumber(), last = (int) d.nextNumber(), label = (int) d.nextNumber();
        String maskChoice = d.nextString();

        StatusBarProgress progress = new StatusBarProgress("CondSeg");
        AnnotationSession.Committed c = Attempt.run(TITLE, progress, () -> {
            ImagePlus imp = title.isBlank() ? current : WindowManager.getImage(title);
            if (imp == null)
                throw new UsageException(title.isBlank() ? "no image is open" : "image=" + title + ": no open image has that title");
            List<Prompt> prompts = prompts(points, negative, box, scribble);
            LoadedModels.Loaded m = LoadedModels.get(model);
            AnnotationSession s = new AnnotationSession(imp, m.spec(), m.network(),
                    LoadedModels.OPTIONS.withMaskChoice(MaskChoice.parse(maskChoice)));
            s.replace(prompts, slice, frame, mode.equals("slice"));
            int lo = first > 0 ? first : 1, hi = last > 0 ? last : imp.getNSlices();
            switch (mode) {
                case "slice" -> { }
                case "propagate" -> s.propagate(lo, hi);
                case "3d" -> {
                    LoadedModels.Loaded m3 = LoadedModels.get(model3d);
                    s.segment3d(m3.spec(), m3.network(), lo, hi);
                }
                default -> throw new UsageException("mode=" + mode + " is not one of slice, propagate, 3d");
            }
            if (!s.hasMask())
                throw new UsageException("the prompts give an empty mask on slice " + slice + " of " + imp.getTitle()
                        + "; nothing was added");
            AnnotationSession.Committed done = s.commit(label);
            s.labels().show();
            addToRoiManager(done.rois());
            return done;
        });
        if (c != null)
            progress.done("label " + c.label() + ": " + c.voxels() + " pixels");
    }

    /** The option string of one committed object, as {@code run("Annotate...", …)} takes it. */
    static String options(String image, String model, AnnotationSession.Committed c, String mode, String model3d) {
        StringBuilder s = new StringBuilder();
        s.append("image=").append(bracket(image)).append(" model=").append(bracket(model));
        s.append(" slice=").append(c.slice()).append(" frame=").append(c.frame());
        List<String> pos = new ArrayList<>(), neg = new ArrayList<>(), strokes = new ArrayList<>();
        Rect box = null;
        for (Prompt p : c.prompts()) {
            if (p instanceof Point pt)
                (pt.positive() ? pos : neg).add(pt.x() + "," + pt.y());
            else if (p instanceof Rect r)
                box = r;
            else if (p instanceof Stroke st) {
                List<String> xy = new ArrayList<>();
                for (int i = 0; i < st.xs().length; i++)
                    xy.add(st.xs()[i] + "," + st.ys()[i]);
                strokes.add(String.join(" ", xy));
            }
        }
        if (!pos.isEmpty())
            s.append(" points=[").append(String.join(" ", pos)).append(']');
        if (!neg.isEmpty())
            s.append(" negative=[").append(String.join(" ", neg)).append(']');
        if (box != null)
            s.append(" box=[").append(box.x()).append(',').append(box.y()).append(',').append(box.width()).append(',')
                    .append(box.height()).append(']');
        if (!strokes.isEmpty())
            s.append(" scribble=[").append(String.join(";", strokes)).append(']');
        if (!mode.equals("slice")) {
            s.append(" mode=").append(mode);
            if (mode.equals("3d"))
                s.append(" model3d=").append(bracket(model3d));
            s.append(" first=").append(c.range()[0]).append(" last=").append(c.range()[1]);
        }
        s.append(" label=").append(c.label());
        if (c.choice() != MaskChoice.BEST)
            s.append(" mask_choice=").append(c.choice().text());
        return s.toString();
    }

    /** The prompts of the option values; a malformed value is named by its key. */
    static List<Prompt> prompts(String points, String negative, String box, String scribble) throws UsageException {
        List<Prompt> out = new ArrayList<>();
        for (int[] p : pairs("points", points))
            out.add(new Point(p[0], p[1], true));
        for (int[] p : pairs("negative", negative))
            out.add(new Point(p[0], p[1], false));
        for (String one : scribble.split(";")) {
            List<int[]> xy = pairs("scribble", one);
            if (xy.isEmpty())
                continue;
            int[] xs = new int[xy.size()], ys = new int[xy.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = xy.get(i)[0];
                ys[i] = xy.get(i)[1];
            }
            out.add(new Stroke(xs, ys));
        }
        if (!box.isBlank()) {
            int[] b = numbers("box", box.trim(), 4);
            if (b[2] <= 0 || b[3] <= 0)
                throw new UsageException("box=" + box + ": width and height must be positive");
            out.add(new Rect(b[0], b[1], b[2], b[3]));
        }
        if (out.isEmpty())
            throw new UsageException("no prompt: give points=[x,y], box=[x,y,width,height] or scribble=[x,y x,y ...]");
        return out;
    }

    static void addToRoiManager(List<Roi> rois) {
        if (rois.isEmpty())
            return;
        RoiManager rm = RoiManager.getInstance();
        if (rm == null)
            rm = RoiManager.getRoiManager();
        boolean recording = ij.plugin.frame.Recorder.record;
        if (recording)
            ij.plugin.frame.Recorder.suspendRecording();
        try {
            for (Roi r : rois)
                rm.addRoi(r);
        } finally {
            if (recording)
                ij.plugin.frame.Recorder.resumeRecording();
        }
    }

    private static List<int[]> pairs(String key, String text) throws UsageException {
        List<int[]> out = new ArrayList<>();
        for (String p : text.trim().split("\\s+"))
            if (!p.isEmpty())
                out.add(numbers(key, p, 2));
        return out;
    }

    private static int[] numbers(String key, String text, int n) throws UsageException {
        String[] parts = text.split(",");
        if (parts.length != n)
            throw new UsageException(key + "=" + text + ": expected " + n + " whole numbers separated by commas");
        int[] v = new int[n];
        try {
            for (int i = 0; i < n; i++)
                v[i] = (int) Math.round(Double.parseDouble(parts[i].trim()));
        } catch (NumberFormatException e) {
            throw new UsageException(key + "=" + text + ": expected " + n + " whole numbers separated by commas");
        }
        return v;
    }

    private static String bracket(String v) {
        return v.contains(" ") ? "[" + v + "]" : v;
    }
}
