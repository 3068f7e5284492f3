package org.condseg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.condseg.io.OutputPaths;
import org.condseg.ij.ImageFiles;
import org.condseg.ij.LabelRefinement;
import org.condseg.model.UsageException;
import org.condseg.refine.Refinement;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code refine}: classic refinement of a label image.
 *
 * <pre>{@code
 * java -jar condseg.jar refine --labels ct-labels.nii.gz --image ct.nii.gz --steps fill-holes,largest,open:1.5mm,graphcut --output ct-refined.nii.gz
 * }</pre>
 */
@Command(name = "refine", mixinStandardHelpOptions = true,
        description = "Refine a label image: fill holes, keep the largest component, remove small objects, open or close, "
                + "or move boundaries onto the image's edges (graph cut).")
final class RefineCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "the label image (0 = background)")
    Path labels;

    @Option(names = "--image", paramLabel = "FILE", description = "the image the labels are of (needed by graphcut)")
    Path image;

    @Option(names = "--probabilities", paramLabel = "FILE", description = "the model's foreground probability, for graphcut")
    Path probabilities;

    @Option(names = "--steps", required = true, paramLabel = "S1,S2,...",
            description = "fill-holes[:slices], largest, min-size:SIZE (50px, 4mm2, 20mm3, 0.5ml), open:R, close:R (1.5mm, 2px), graphcut[:BAND]")
    String steps;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "the refined label image (the labels' geometry is kept)")
    Path output;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Refinement refinement = parse(steps);
        OutputPaths.check(java.util.Map.of("--output", output), java.util.Arrays.asList(labels, image, probabilities));
        if (refinement.needsImage() && image == null)
            throw new UsageException("--steps " + refinement.text() + ": graphcut needs --image");
        long start = System.nanoTime();
        ImagePlus l = ImageFiles.read(labels);
        ImagePlus i = image == null ? null : ImageFiles.read(image);
        ImagePlus p = probabilities == null ? null : ImageFiles.read(probabilities);
        ImagePlus refined = LabelRefinement.refine(l, i, p, refinement, ProgressLine.to(cmd.commandLine().getErr()),
                () -> Thread.currentThread().isInterrupted());
        ImageFiles.write(refined, output);
        cmd.commandLine().getOut().printf("%s: %s, %.2f s%n", output, refinement.text(), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** The step list, or a usage error (exit code 2) naming the bad step. */
    static Refinement parse(String steps) throws UsageException {
        try {
            return Refinement.parse(steps);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
