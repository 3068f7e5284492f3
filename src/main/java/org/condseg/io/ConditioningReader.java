package org.condseg.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.condseg.model.Activation;
import org.condseg.model.AxisSpec;
import org.condseg.model.Conditioning;
import org.condseg.model.Connectivity;
import org.condseg.model.Encoding;
import org.condseg.model.Keep;
import org.condseg.model.ModelPackageException;
import org.condseg.model.RefineGuard;
import org.condseg.model.TensorSpec;

/**
 * Reads our {@code config.condseg} section of a model description.
 *
 * <pre>{@code
 * config:
 *   condseg:
 *     task: interactive
 *     window: {box_scale: 1.25, box_margin: 4, click_min_side: 128, click_scale: 1.5, click_margin: 16,
 *              click_zoom: {below: 0.25, scale: 1.5, margin: 16, min_side: 32, box: false}}   # zoom optional
 *     normalize: {percentiles: [0.5, 99.5], method: zero_mean_unit_variance}
 *     conditions:
 *       - {channel: 1, kind: positive, encoding: gaussian, sigma: 3.0}
 *       - {channel: 3, kind: box, encoding: filled}
 *     output: {activation: sigmoid, threshold: 0.5}
 *     postprocess: {clip_to_box: true, keep: prompted_component}
 *     refine: {add_above: 0.6, remove_below: 0.6, keep_above: 0.92, passes: 2}   # task refine only
 * }</pre>
 */
final class ConditioningReader {

    private ConditioningReader() {
    }

    static Conditioning read(YamlNode c, TensorSpec input, List<TensorSpec> outputs) throws ModelPackageException {
        TensorSpec output = outputs.get(0);
        Conditioning.Task task;
        try {
            task = Conditioning.Task.valueOf(c.string("task", "none").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw c.get("task").error("expected none, interactive, class or refine");
        }
        List<AxisSpec> space = input.spaceAxes();
        int[] grid = new int[space.size()];
        for (int d = 0; d < grid.length; d++) // x first
            grid[d] = space.get(space.size() - 1 - d).size();

        Conditioning.Window w = Conditioning.Window.DEFAULT;
        YamlNode wn = c.opt("window");
        if (wn != null) {
            Conditioning.ClickZoom zoom = null;
            YamlNode zn = wn.opt("click_zoom");
            if (zn != null) {
                if (task != Conditioning.Task.INTERACTIVE || grid.length != 2)
                    throw zn.error("click_zoom belongs to an interactive 2D model");
                boolean box = zn.has("box") && zn.get("box").bool();
                try {
                    zoom = new Conditioning.ClickZoom(zn.number("below", Double.NaN), zn.number("scale", Double.NaN),
                            zn.number("margin", Double.NaN), zn.number("min_side", Double.NaN), box);
                } catch (IllegalArgumentException e) {
                    throw zn.error(e.getMessage() + " (click_zoom needs below, scale, margin and min_side)");
                }
            }
            w = new Conditioning.Window(wn.number("box_scale", w.boxScale()), wn.number("box_margin", w.boxMargin()),
                    wn.number("click_min_side", w.clickMinSide()), wn.number("click_scale", w.clickScale()),
                    wn.number("click_margin", w.clickMargin()), zoom);
        }

        double[] percentiles = null;
        YamlNode norm = c.opt("normalize");
        if (norm != null && norm.has("percentiles")) {
            percentiles = norm.get("percentiles").numbers();
            if (percentiles.length != 2 || percentiles[0] < 0 || percentiles[1] > 100 || percentiles[0] >= percentiles[1])
                throw norm.get("percentiles").error("expected [low, high] with 0 <= low < high <= 100");
        }

        List<Conditioning.Condition> conditions = new ArrayList<>();
        YamlNode cl = c.opt("conditions");
        if (cl != null)
            for (YamlNode n : cl.list()) {
                Conditioning.Kind kind;
                try {
                    kind = Conditioning.Kind.valueOf(n.string("kind").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw n.get("kind").error("expected positive, negative, box, mask, previous or class");
                }
                int channel = n.get("channel").integer(0, Math.max(0, input.channels() - 1));
                Encoding encoding;
                try {
                    encoding = Encoding.parse(n.string("encoding", kind == Conditioning.Kind.POSITIVE
                            || kind == Conditioning.Kind.NEGATIVE ? "gaussian" : "filled"));
                } catch (IllegalArgumentException e) {
                    throw n.get("encoding").error(e.getMessage());
                }
                try {
                    conditions.add(new Conditioning.Condition(channel, kind, encoding, n.number("sigma", 3.0)));
                } catch (IllegalArgumentException e) {
                    throw n.error(e.getMessage());
                }
            }

        YamlNode out = c.opt("output");
        YamlNode post = c.opt("postprocess");
        YamlNode tile = c.opt("tile");
        int[] tileSize = null;
        if (tile != null) {
            List<YamlNode> t = tile.list();
            tileSize = new int[t.size()];
            for (int i = 0; i < tileSize.length; i++)
                tileSize[i] = t.get(i).integer(1, 4096);
        }
        List<String> classes = c.has("classes") ? c.get("classes").strings() : List.of();
        if (task == Conditioning.Task.CLASS && classes.isEmpty())
            throw c.error("a class-conditional model (task: class) needs its class names in 'classes'");
        Conditioning.Latent latent = null;
        YamlNode ln = c.opt("latent");
        if (ln != null)
            latent = new Conditioning.Latent(ln.string("input"), ln.get("size").integer(1, 4096));
        Conditioning.Window3d w3 = null;
        YamlNode w3n = c.opt("window3d");
        if (w3n != null) {
            Conditioning.Window3d d = Conditioning.Window3d.DEFAULT;
            try {
                w3 = new Conditioning.Window3d(w3n.number("box_side", d.boxSide()), w3n.number("box_scale", d.boxScale()),
                        w3n.number("box_margin", d.boxMargin()),
                        w3n.has("min_side") ? w3n.get("min_side").integer(1, 4096) : d.minSide(),
                        w3n.number("click_zoom", d.clickZoom()),
                        w3n.has("click_side") ? w3n.get("click_side").integer(1, 4096) : d.clickSide(),
                        w3n.number("click_scale", d.clickScale()), w3n.number("click_margin", d.clickMargin()));
            } catch (IllegalArgumentException e) {
                throw w3n.error(e.getMessage());
            }
        }
        int multiple = c.has("size_multiple") ? c.get("size_multiple").integer(1, 1024) : 1;
        Activation activation;
        Keep keep;
        try {
            activation = Activation.parse(out == null ? "none" : out.string("activation", "none"));
        } catch (IllegalArgumentException e) {
            throw out.get("activation").error(e.getMessage());
        }
        if (activation == Activation.SOFTMAX && (task != Conditioning.Task.INTERACTIVE || grid == null || grid.length != 2
                || latent != null || output.channels() < 2))
            throw out.get("activation").error("softmax needs an interactive 2D model whose output has a channel per class "
                    + "(2 or more, the object last); this one has " + output.channels());
        Conditioning.Candidates candidates = candidates(out, task, grid, latent, activation, outputs);
        try {
            keep = Keep.parse(post == null ? "all" : post.string("keep", "all"));
        } catch (IllegalArgumentException e) {
            throw post.get("keep").error(e.getMessage());
        }
        double threshold = out == null ? 0.5 : out.number("threshold", 0.5);
        RefineGuard guard = refineGuard(c, task, threshold);
        try {
            return new Conditioning(task, grid, w, percentiles, conditions, activation, threshold,
                    post != null && post.has("clip_to_box") && post.get("clip_to_box").bool(),
                    keep, tileSize, c.number("overlap", 0.25), multiple,
                    classes, latent, w3, candidates, connectivity(post, grid), guard);
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
    }

    /**
     * {@code refine}: the guard of a refine model ({@code add_above}, {@code remove_below}: the output threshold
     * where left out; {@code keep_above}: never where left out; {@code passes}: 1 where left out); other keys,
     * values out of range, and a guard on a model of another task are refused.
     */
    private static RefineGuard refineGuard(YamlNode c, Conditioning.Task task, double threshold) throws ModelPackageException {
        YamlNode g = c.opt("refine");
        if (g == null && task != Conditioning.Task.REFINE)
            return RefineGuard.none(0.5); // read by refine models alone; other models may threshold logits anywhere
        if (g == null) {
            if (!(threshold >= 0 && threshold <= 1))
                throw c.error("a refine model's output.threshold " + threshold + " is outside [0, 1]");
            return RefineGuard.none(threshold);
        }
        if (task != Conditioning.Task.REFINE)
            throw g.error("a refine guard needs task: refine");
        g.only("add_above", "remove_below", "keep_above", "passes");
        try {
            return new RefineGuard(g.number("add_above", threshold), g.number("remove_below", threshold),
                    g.has("keep_above") ? g.get("keep_above").number() : Double.NaN,
                    g.has("passes") ? g.get("passes").integer(1, RefineGuard.MAX_PASSES) : 1);
        } catch (IllegalArgumentException e) {
            throw g.error(e.getMessage());
        }
    }

    /** {@code postprocess.connectivity}: 4 or 8 for a 2D model, 6 or 26 for a 3D one; faces where left out. */
    private static Connectivity connectivity(YamlNode post, int[] grid) throws ModelPackageException {
        if (post == null || !post.has("connectivity"))
            return Connectivity.FACE;
        int n = post.get("connectivity").integer(1, 26);
        boolean threeD = grid != null && grid.length == 3;
        if (threeD ? n != 6 && n != 26 : n != 4 && n != 8)
            throw post.get("connectivity").error(n + " is not " + (threeD ? "6 or 26 (a 3D model)" : "4 or 8 (a 2D model)"));
        return Connectivity.of(n);
    }

    /**
     * {@code output.candidates} and {@code output.scores}: several candidate masks (the first output's
     * channels) of an interactive 2D model with a sigmoid, and the output of their scores, {@code [N, count]}.
     */
    private static Conditioning.Candidates candidates(YamlNode out, Conditioning.Task task, int[] grid,
            Conditioning.Latent latent, Activation activation, List<TensorSpec> outputs) throws ModelPackageException {
        if (out == null || !out.has("candidates"))
            return Conditioning.Candidates.ONE;
        int count = out.get("candidates").integer(1, 16);
        if (count == 1)
            return Conditioning.Candidates.ONE;
        if (task != Conditioning.Task.INTERACTIVE || grid.length != 2 || latent != null || activation != Activation.SIGMOID)
            throw out.get("candidates").error("candidate masks need an interactive 2D model with a sigmoid output");
        if (outputs.get(0).channels() != count)
            throw out.get("candidates").error(count + " candidates, but output " + outputs.get(0).id() + " has "
                    + outputs.get(0).channels() + " channel(s)");
        if (!out.has("scores"))
            throw out.error("several candidates need 'scores', the output of their predicted quality");
        String id = out.string("scores");
        TensorSpec scores = outputs.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
        if (scores == null)
            throw out.get("scores").error("'" + id + "' is not one of the outputs");
        if (scores == outputs.get(0) || scores.axes().size() != 2 || scores.channels() != count)
            throw out.get("scores").error("output " + id + " must be [batch, " + count + "] (a score per candidate)");
        return new Conditioning.Candidates(count, id);
    }
}
