package org.condseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.model.InputException;
import org.condseg.model.Volume;
import org.condseg.segment.Evaluation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: Dice, IoU, HD95, ASSD (calibrated units) and volumes per label of a prediction
 * against a truth on the same grid.
 *
 * <pre>{@code
 * java -jar condseg.jar evaluate --prediction labels.nii.gz --truth truth.nii.gz
 * }</pre>
 */
@Command(name = "evaluate", description = "Dice, IoU, HD95, ASSD and volumes per label against a truth.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--prediction", required = true, paramLabel = "FILE")
    Path prediction;

    @Option(names = "--truth", required = true, paramLabel = "FILE")
    Path truth;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        Volume p = ImagePlusAdapter.toVolume(ImageFiles.read(prediction));
        Volume t = ImagePlusAdapter.toVolume(ImageFiles.read(truth));
        if (!Arrays.equals(p.pixels().dimensionsAsLongArray(), t.pixels().dimensionsAsLongArray()))
            throw new InputException(truth, "grid " + Arrays.toString(t.pixels().dimensionsAsLongArray())
                    + " differs from the prediction's " + Arrays.toString(p.pixels().dimensionsAsLongArray()));
        List<Evaluation.Row> rows = Evaluation.perLabel(p.pixels(), t.pixels(), t.calibration());
        String len = t.calibration().unit();
        out.printf(Locale.ROOT, "%-6s %-7s %-7s %-12s %-12s %-14s %-14s%n", "label", "dice", "iou", "hd95_" + len,
                "assd_" + len, "vol_pred", "vol_truth");
        for (Evaluation.Row r : rows)
            out.printf(Locale.ROOT, "%-6d %-7.4f %-7.4f %-12.3f %-12.3f %-14.4f %-14.4f %s%n", r.label(), r.dice(), r.iou(),
                    r.hd95(), r.assd(), r.predictedVolume(), r.truthVolume(), r.volumeUnit());
        if (rows.isEmpty())
            out.println("no labels in either image");
        return 0;
    }
}
