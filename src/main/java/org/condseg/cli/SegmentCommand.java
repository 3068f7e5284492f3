package org.condseg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.condseg.ij.ImageFiles;
import org.condseg.ij.InputChannels;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.ij.LabelImages;
import org.condseg.ij.MedicalImages;
import org.condseg.io.Models;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.refine.Refinement;
import org.condseg.runtime.Network;
import org.condseg.segment.Propagator;
import org.condseg.segment.CascadeSegmenter;
import org.condseg.segment.Segmenter;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segment}: one image or volume with one model.
 *
 * <pre>{@code
 * java -jar condseg.jar segment --model interactive-2d --input scan.tif --output scan-labels.tif --box 40,30,64,48
 * }</pre>
 */
@Command(name = "segment", description = "Segment one image or volume.")
final class SegmentCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--model", required = true, paramLabel = "ID|PATH", description = "model id or package folder")
    String model;

    @Option(names = "--models", paramLabel = "DIR", description = "folder of model packages searched first")
    Path modelsDir;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "the image; repeat for the channels of a multi-modal model (same grid), in the model's channel order")
    List<Path> inputs;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "label image (.tif, .png, .nii, .nii.gz, ...; a NIfTI input's geometry is kept)")
    Path output;

    @Option(names = "--probabilities", paramLabel = "FILE", description = "write the foreground probability (32-bit; any output format)")
    Path probabilities;

    @Option(names = "--uncertainty", paramLabel = "FILE", description = "write the per-pixel uncertainty (32-bit): the entropy of the mean sampled probability (bits) of a generative model")
    Path uncertainty;

    @Option(names = "--sample-masks", paramLabel = "FILE", description = "write the N sampled label images of a generative model (one frame each)")
    Path sampleMasks;

    @Mixin
    PromptOptions prompts = new PromptOptions();

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--propagate", description = "carry a 2D prompt through the slices of a stack (interactive 2D models)")
    boolean propagate;

    @Option(names = "--propagate-slices", paramLabel = "FIRST,LAST", split = ",",
            description = "with --propagate: the object lies on slices FIRST..LAST (0-based, inclusive); propagation stays within them")
    long[] propagateSlices;

    @Option(names = "--refine", paramLabel = "STEPS", description = "refine the labels (as the refine command's --steps: fill-holes,largest,open:1.5mm,graphcut, ...)")
    String refine;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        Path input = inputs.get(0);
        for (Path in : inputs) {
            Files.checkOutputNotInput(output, in, probabilities, uncertainty, sampleMasks, prompts.mask);
            for (Path extra : new Path[] {probabilities, uncertainty, sampleMasks})
                if (extra != null)
                    Files.checkOutputNotInput(extra, in, prompts.mask);
        }
        Refinement refinement = refine == null ? Refinement.NONE : RefineCommand.parse(refine);
        SegmentOptions options;
        int cascadeFactor;
        try {
            options = run.segmentOptions();
            cascadeFactor = run.cascadeFactor();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        boolean cascade = cascadeFactor > 0;
        if (cascade && propagate)
            throw new UsageException("--cascade and --propagate do not go together: the cascade runs models without a condition");
        Propagator.Ends ends = ends();
        ModelSpec spec = Models.standard(modelsDir).find(model);
        ImagePlus imp = ImageFiles.read(input);
        MedicalImages.notes(imp).forEach(n -> cmd.commandLine().getErr().println("condseg: " + input + ": " + n));
        Volume volume = ImagePlusAdapter.toVolume(imp);
        List<ImagePlus> others = new ArrayList<>();
        for (Path more : inputs.subList(1, inputs.size()))
            others.add(ImageFiles.read(more));
        List<Volume> channels = InputChannels.more(imp, others, inputs.subList(1, inputs.size()));
        Prompts p = new Prompts(prompts.clicks(), prompts.boxList(),
                prompts.mask == null ? null : ImagePlusAdapter.toVolume(ImageFiles.read(prompts.mask)).pixels(),
                prompts.className);
        long start = System.nanoTime();
        SegmentResult result;
        try (Network net = Models.open(spec, options, cmd.commandLine().getErr()::println)) {
            SegmentRequest request = new SegmentRequest(volume, p, options, channels);
            var progress = ProgressLine.to(cmd.commandLine().getErr());
            java.util.function.BooleanSupplier cancelled = () -> Thread.currentThread().isInterrupted();
            result = cascade ? new CascadeSegmenter(spec, net, cascadeFactor).segment(request, progress, cancelled)
                    : propagate ? new Propagator(spec, net, Propagator.Settings.defaults(), ends).segment(request, progress, cancelled)
                    : new Segmenter(spec, net).segment(request, progress, cancelled);
        }
        if (uncertainty != null && result.uncertainty() == null)
            throw new UsageException("--uncertainty: model " + spec.id() + " gives no uncertainty (a generative model "
                    + "such as probabilistic-2d does, with --samples N)");
        if (sampleMasks != null && result.samples().isEmpty())
            throw new UsageException("--sample-masks: model " + spec.id() + " is not a generative model");
        if (!refinement.isEmpty())
            result = refinement.refine(result, volume, ProgressLine.to(cmd.commandLine().getErr()), () -> Thread.currentThread().isInterrupted());
        ImageFiles.write(LabelImages.labelsFor(result, imp), output);
        if (probabilities != null)
            ImageFiles.write(LabelImages.probabilitiesFor(result, imp), probabilities);
        if (uncertainty != null)
            ImageFiles.write(LabelImages.uncertaintyFor(result, imp), uncertainty);
        if (sampleMasks != null)
            ImageFiles.write(LabelImages.samplesFor(result, imp), sampleMasks);
        out.printf("%s: %d object(s), %d foreground voxels, %.2f s%n", output, result.maxLabel(),
                result.voxelCount(1) + (result.maxLabel() > 1 ? countOthers(result) : 0), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** The propagation's end rules, within the user's {@code --propagate-slices}. */
    private Propagator.Ends ends() throws UsageException {
        if (propagateSlices == null)
            return Propagator.Ends.defaults();
        if (!propagate)
            throw new UsageException("--propagate-slices goes with --propagate");
        if (propagateSlices.length != 2 || propagateSlices[0] < 0 || propagateSlices[1] < propagateSlices[0])
            throw new UsageException("--propagate-slices takes FIRST,LAST with 0 <= FIRST <= LAST");
        return Propagator.Ends.defaults().between(propagateSlices[0], propagateSlices[1]);
    }

    private static long countOthers(SegmentResult r) {
        long n = 0;
        for (int l = 2; l <= r.maxLabel(); l++)
            n += r.voxelCount(l);
        return n;
    }

    /** Path checks shared by commands. */
    static final class Files {
        private Files() {
        }

        /** Refuses an output path that equals an input path (inputs are never overwritten). */
        static void checkOutputNotInput(Path output, Path... inputs) throws UsageException {
            Path o = output.toAbsolutePath().normalize();
            for (Path in : inputs)
                if (in != null && (in.toAbsolutePath().normalize().equals(o) || sameFile(in, output)))
                    throw new UsageException("output " + output + " is an input; inputs are never overwritten");
        }

        private static boolean sameFile(Path a, Path b) {
            try {
                return java.nio.file.Files.exists(a) && java.nio.file.Files.exists(b) && java.nio.file.Files.isSameFile(a, b);
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }
}
