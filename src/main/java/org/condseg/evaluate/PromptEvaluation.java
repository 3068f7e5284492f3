package org.condseg.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * The protocol's figures over many objects, each object weighing the same: mean Dice after k
 * interactions, mean NoC@85 and NoC@90 (the cap where never reached), and the trivial baseline beside
 * them. The baseline of a box prompt is the ellipse inscribed in the tight box; that of a click prompt a
 * disc around the first click whose radius is the median over the evaluated objects of their equivalent
 * radius {@code sqrt(area / π)}.
 *
 * <pre>{@code
 * PromptEvaluation e = PromptEvaluation.of(traces, PromptProtocol.Start.CLICK, 20);
 * double model = e.meanDiceAfter(1), baseline = e.meanBaseline();
 * }</pre>
 *
 * @param discRadius the click baseline's radius in pixels (NaN for a box prompt)
 */
public record PromptEvaluation(PromptProtocol.Start start, int cap, List<Row> rows, double discRadius) {

    /** One object's trace and the Dice of its baseline. */
    public record Row(ObjectTrace trace, double baselineDice) {
    }

    public PromptEvaluation {
        rows = List.copyOf(rows);
    }

    /** The figures of {@code traces}, all run with {@code start} and {@code cap}. */
    public static PromptEvaluation of(List<ObjectTrace> traces, PromptProtocol.Start start, int cap) {
        if (traces.isEmpty())
            throw new IllegalArgumentException("no objects were evaluated");
        double radius = start == PromptProtocol.Start.CLICK
                ? Baselines.medianRadius(traces.stream().map(ObjectTrace::area).toList()) : Double.NaN;
        List<Row> rows = new ArrayList<>();
        for (ObjectTrace t : traces)
            rows.add(new Row(t, start == PromptProtocol.Start.BOX ? t.ellipseDice() : t.discDice(radius)));
        return new PromptEvaluation(start, cap, rows, radius);
    }

    /** Mean Dice after {@code k} interactions; NaN where k exceeds the cap. */
    public double meanDiceAfter(int k) {
        return rows.stream().mapToDouble(r -> r.trace().diceAfter(k)).average().orElse(Double.NaN);
    }

    /** Mean number of interactions to reach Dice {@code threshold}, the cap counted where never reached. */
    public double meanClicksTo(double threshold) {
        return rows.stream().mapToDouble(r -> r.trace().clicksTo(threshold)).average().orElse(Double.NaN);
    }

    /** How many objects reach Dice {@code threshold} within the cap. */
    public long reaching(double threshold) {
        return rows.stream().filter(r -> r.trace().reaches(threshold)).count();
    }

    /** Mean Dice of the baseline. */
    public double meanBaseline() {
        return rows.stream().mapToDouble(Row::baselineDice).average().orElse(Double.NaN);
    }
}
