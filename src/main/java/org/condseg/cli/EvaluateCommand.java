package org.condseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.condseg.io.OutputPaths;
import org.condseg.batch.BatchCase;
import org.condseg.batch.Csv;
import org.condseg.batch.Manifest;
import org.condseg.io.medical.AtomicFiles;
import org.condseg.model.UsageException;

import org.condseg.io.image.ImageVolumes;
import org.condseg.model.InputException;
import org.condseg.model.Volume;
import org.condseg.segment.Evaluation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: Dice, IoU, HD95, ASSD (calibrated units) and volumes per label of a prediction
 * against a truth on the same grid; or of every truth in a folder against its prediction in another
 * ({@code <case>-labels.<ext>}, as {@code batch} names them, or the truth's own name), with the mean
 * per label over the cases.
 *
 * <pre>{@code
 * java -jar condseg.jar evaluate --prediction labels.nii.gz --truth truth.nii.gz
 * java -jar condseg.jar evaluate --prediction out/ --truth truths/ --csv scores.csv
 * }</pre>
 */
@Command(name = "evaluate", description = "Dice, IoU, HD95, ASSD and volumes per label against a truth.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--prediction", required = true, paramLabel = "FILE|DIR")
    Path prediction;

    @Option(names = "--truth", required = true, paramLabel = "FILE|DIR")
    Path truth;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write every row (case, label, scores) to this CSV file")
    Path csv;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        boolean folders = Files.isDirectory(truth);
        if (folders != Files.isDirectory(prediction))
            throw new UsageException("--prediction and --truth must both be files or both be folders");
        if (csv != null) {
            List<Path> inputs = new ArrayList<>(List.of(prediction, truth));
            if (folders) {
                inputs.addAll(Manifest.images(prediction));
                inputs.addAll(Manifest.images(truth));
            }
            OutputPaths.check(Map.of("--csv", csv), inputs);
        }
        List<String[]> table = new ArrayList<>();
        if (!folders) {
            String unit = score(prediction, truth, null, table);
            print(out, table, unit, false);
        } else {
            List<Path> truths = Manifest.images(truth);
            if (truths.isEmpty())
                throw new InputException(truth, "holds no image files");
            List<Path> predictions = Manifest.images(prediction);
            String unit = null;
            for (Path t : truths)
                unit = score(predictionFor(t, predictions), t, BatchCase.stem(t.getFileName().toString()), table);
            print(out, table, unit, true);
            means(out, table, truths.size());
        }
        if (csv != null)
            writeCsv(table);
        return 0;
    }

    /** Scores one pair into {@code table} (case, label, dice, iou, hd95, assd, volumes, unit); returns the length unit. */
    private static String score(Path predicted, Path truthFile, String caseId, List<String[]> table) throws Exception {
        Volume p = ImageVolumes.read(predicted);
        Volume t = ImageVolumes.read(truthFile);
        if (!Arrays.equals(p.pixels().dimensionsAsLongArray(), t.pixels().dimensionsAsLongArray()))
            throw new InputException(truthFile, "grid " + Arrays.toString(t.pixels().dimensionsAsLongArray())
                    + " differs from the prediction's " + Arrays.toString(p.pixels().dimensionsAsLongArray()) + " (" + predicted + ")");
        for (Evaluation.Row r : Evaluation.perLabel(p.pixels(), t.pixels(), t.calibration()))
            table.add(new String[] {caseId == null ? "" : caseId, Integer.toString(r.label()), f(r.dice(), 4), f(r.iou(), 4),
                    f(r.hd95(), 3), f(r.assd(), 3), f(r.predictedVolume(), 4), f(r.truthVolume(), 4), r.volumeUnit()});
        return t.calibration().unit();
    }

    /** The prediction of a truth file among the prediction folder's images: {@code <case>-labels.<ext>} or the same name. */
    private Path predictionFor(Path truthFile, List<Path> predictions) throws InputException {
        String id = BatchCase.stem(truthFile.getFileName().toString());
        for (Path p : predictions) {
            String name = BatchCase.stem(p.getFileName().toString());
            if (name.equals(id + "-labels") || name.equals(id))
                return p;
        }
        throw new InputException(truthFile, "has no prediction " + id + "-labels.<ext> or " + id + ".<ext> in " + prediction);
    }

    private static void print(PrintWriter out, List<String[]> table, String unit, boolean withCase) {
        String head = String.format(Locale.ROOT, "%-6s %-7s %-7s %-12s %-12s %-14s %-14s", "label", "dice", "iou",
                "hd95_" + unit, "assd_" + unit, "vol_pred", "vol_truth");
        out.println(withCase ? String.format(Locale.ROOT, "%-16s %s", "case", head) : head);
        for (String[] r : table) {
            String row = String.format(Locale.ROOT, "%-6s %-7s %-7s %-12s %-12s %-14s %-14s %s", r[1], r[2], r[3], r[4], r[5], r[6],
                    r[7], r[8]);
            out.println(withCase ? String.format(Locale.ROOT, "%-16s %s", r[0], row) : row);
        }
        if (table.isEmpty())
            out.println("no labels in either image");
    }

    /**
     * One line per label: its mean Dice and IoU over the cases that have it, and its mean HD95 and ASSD over those
     * where both images hold it (a distance is undefined where either mask is empty; such cases are counted, not
     * averaged as NaN).
     */
    private static void means(PrintWriter out, List<String[]> table, int cases) {
        Map<Integer, double[]> sums = new TreeMap<>();
        for (String[] r : table) {
            double[] s = sums.computeIfAbsent(Integer.parseInt(r[1]), k -> new double[6]);
            s[0] += number(r[2]);
            s[1] += number(r[3]);
            double hd = number(r[4]), assd = number(r[5]);
            if (Double.isFinite(hd) && Double.isFinite(assd)) {
                s[2] += hd;
                s[3] += assd;
                s[5]++;
            }
            s[4]++;
        }
        sums.forEach((label, s) -> out.printf(Locale.ROOT, "mean label %d over %d of %d cases: dice %.4f iou %.4f hd95 %.3f assd %.3f%s%n",
                label, (int) s[4], cases, s[0] / s[4], s[1] / s[4], s[2] / s[5], s[3] / s[5],
                s[5] == s[4] ? "" : String.format(Locale.ROOT, " (distances over the %d cases where both images hold the label)",
                        (int) s[5])));
    }

    /** The number a table cell was printed from ({@link #f}): "nan" and "inf" included. */
    private static double number(String cell) {
        return switch (cell) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            default -> Double.parseDouble(cell);
        };
    }

    private void writeCsv(List<String[]> table) throws IOException {
        StringBuilder sb = new StringBuilder("case,label,dice,iou,hd95,assd,volume_predicted,volume_truth,volume_unit\n");
        for (String[] r : table)
            sb.append(Csv.line(List.of(r))).append('\n');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(csv, false, o -> o.write(bytes));
    }

    private static String f(double v, int decimals) {
        return Double.isNaN(v) ? "nan" : Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
