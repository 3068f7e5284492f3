package org.condseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.condseg.batch.Csv;
import org.condseg.evaluate.ObjectTrace;
import org.condseg.evaluate.PromptEvaluation;
import org.condseg.evaluate.PromptProtocol;

/**
 * The text of {@code evaluate-prompts}: a short table of the protocol's figures beside the baseline, and
 * the per-object CSV.
 *
 * <pre>{@code
 * PromptReport.print(out, evaluation, "interactive-2d", 12);
 * }</pre>
 */
final class PromptReport {

    private PromptReport() {
    }

    static void print(PrintWriter out, PromptEvaluation e, String model, int images) {
        boolean box = e.start() == PromptProtocol.Start.BOX;
        out.printf(Locale.ROOT, "evaluate-prompts: model %s, prompt %s, %d object(s) in %d image(s), at most %d interaction(s) each%n",
                model, e.start(), e.rows().size(), images, e.cap());
        out.println(box ? "interaction 1: the object's tight box; each next adds a click at the centre of the largest error region"
                : "interaction 1: a click at the object's interior-most pixel; each next adds a click at the centre of the largest error region");
        out.printf(Locale.ROOT, "%-16s %-8s %s%n", "", "model", "baseline");
        String baseline = box ? "ellipse inscribed in the tight box"
                : String.format(Locale.ROOT, "disc of radius %.2f px around the first click (the median over the objects of sqrt(area/pi))",
                        e.discRadius());
        for (int k : new int[] {1, 3, 5})
            if (k <= e.cap())
                out.println((String.format(Locale.ROOT, "%-16s %-8s ", "dice after " + k, f(e.meanDiceAfter(k)))
                        + (k == 1 ? f(e.meanBaseline()) + "   " + baseline : "")).strip());
        for (double t : new double[] {0.85, 0.90})
            out.printf(Locale.ROOT, "%-16s %-8s (reached by %d of %d within %d)%n", "NoC@" + Math.round(t * 100),
                    String.format(Locale.ROOT, "%.2f", e.meanClicksTo(t)), e.reaching(t), e.rows().size(), e.cap());
        out.flush();
    }

    /** A row per object: files, label, slice, area, first prompt, baseline, Dice after 1/3/5, NoC, interactions run. */
    static String csv(PromptEvaluation e, List<Path> truthFiles, Map<Path, Path> pairs) {
        Map<Path, Path> imageOf = new HashMap<>();
        pairs.forEach((image, truth) -> imageOf.put(truth, image));
        StringBuilder sb = new StringBuilder("image,truth,label,slice,area_px,prompt,baseline_dice,dice_1,dice_3,dice_5,noc85,noc90,interactions,last_dice\n");
        for (int i = 0; i < e.rows().size(); i++) {
            PromptEvaluation.Row r = e.rows().get(i);
            ObjectTrace t = r.trace();
            Path truth = truthFiles.get(i);
            String prompt = e.start() == PromptProtocol.Start.BOX
                    ? "box " + t.box().x() + " " + t.box().y() + " " + t.box().width() + " " + t.box().height()
                    : "click " + t.firstClick().x() + " " + t.firstClick().y();
            List<String> row = new ArrayList<>(List.of(imageOf.get(truth).getFileName().toString(), truth.getFileName().toString(),
                    Integer.toString(t.label()), Long.toString(t.slice()), Long.toString(t.area()), prompt, f(r.baselineDice()),
                    f(t.diceAfter(1)), f(t.diceAfter(3)), f(t.diceAfter(5)), Integer.toString(t.clicksTo(0.85)),
                    Integer.toString(t.clicksTo(0.90)), Integer.toString(t.runs()), f(t.dice()[t.runs() - 1])));
            sb.append(Csv.line(row)).append('\n');
        }
        return sb.toString();
    }

    /** Four decimals; empty where there is no value (Dice after more interactions than allowed). */
    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
