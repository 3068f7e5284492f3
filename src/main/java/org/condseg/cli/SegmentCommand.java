package org.condseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.condseg.io.OutputPaths;
import org.condseg.io.image.ImageFormats;
import org.condseg.io.image.ImageVolumes;
import org.condseg.io.image.OutputSet;
import org.condseg.io.image.Placement;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.DataLimits;
import org.condseg.io.Models;
import org.condseg.model.ModelSpec;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentResult;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.refine.Refinement;
import org.condseg.runtime.Network;
import org.condseg.segment.JobRunner;
import org.condseg.segment.MemoryNeed;
import org.condseg.segment.SegmentJob;
import org.condseg.segment.Strategy;

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

    @Option(names = "--uncertainty", paramLabel = "FILE", description = "write the per-pixel uncertainty (32-bit): the binary entropy (bits) of the foreground probability (of a generative model: the mean of its samples)")
    Path uncertainty;

    @Option(names = "--sample-masks", paramLabel = "FILE", description = "write the N sampled label images of a generative model (one frame each)")
    Path sampleMasks;

    @Mixin
    PromptOptions prompts = new PromptOptions();

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--refine", paramLabel = "STEPS", description = "refine the labels (as the refine command's --steps: fill-holes,largest,open:1.5mm,graphcut, ...)")
    String refine;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        Path input = inputs.get(0);
        Map<String, Path> outs = new LinkedHashMap<>();
        outs.put("--output", output);
        outs.put("--probabilities", probabilities);
        outs.put("--uncertainty", uncertainty);
        outs.put("--sample-masks", sampleMasks);
        List<Path> ins = new ArrayList<>(inputs);
        ins.add(prompts.mask);
        OutputPaths.check(outs, ins);
        Refinement refinement = refine == null ? Refinement.NONE : RefineCommand.parse(refine);
        SegmentOptions options;
        Strategy strategy;
        try {
            options = run.segmentOptions();
            strategy = run.strategy();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ModelSpec spec = Models.standard(modelsDir).find(model);
        JobRunner.check(spec, strategy);
        OutputSet.cleanStale(java.util.Arrays.asList(output, probabilities, uncertainty, sampleMasks));
        if (sampleMasks != null && spec.conditioning().latent() == null)
            throw new UsageException("--sample-masks: model " + spec.id() + " is not a generative model");
        MedicalImage image = ImageFormats.read(input);
        long planes = image.voxels().planes().size();
        for (Path file : new Path[] {output, probabilities, uncertainty})
            if (file != null)
                ImageFormats.checkPlanes(file, planes);
        if (sampleMasks != null)
            ImageFormats.checkPlanes(sampleMasks, planes * options.samples());
        image.notes().forEach(n -> cmd.commandLine().getErr().println("condseg: " + input + ": " + n));
        String title = input.getFileName().toString();
        Volume volume = ImageVolumes.volume(image, title);
        List<MedicalImage> others = new ArrayList<>();
        for (Path more : inputs.subList(1, inputs.size()))
            others.add(ImageFormats.read(more));
        List<Volume> channels = ImageVolumes.moreChannels(image, others, inputs.subList(1, inputs.size()));
        Prompts p = new Prompts(prompts.clicks(), prompts.boxList(),
                prompts.mask == null ? null : ImageVolumes.read(prompts.mask).pixels(),
                prompts.className);
        SegmentJob job = new SegmentJob(volume, channels, List.of(p), options, strategy, refinement);
        DataLimits.checkHeap(input, MemoryNeed.of(spec, volume, options), "segment it");
        long start = System.nanoTime();
        SegmentResult result;
        try (Network net = Models.open(spec, options, cmd.commandLine().getErr()::println)) {
            result = new JobRunner(spec, net).run(job, ProgressLine.to(cmd.commandLine().getErr()), () -> Thread.currentThread().isInterrupted());
        }
        if (uncertainty != null && result.probabilities() == null)
            throw new UsageException("--uncertainty: model " + spec.id() + " gives no probability to take the uncertainty of");
        if (sampleMasks != null && result.samples().isEmpty())
            throw new UsageException("--sample-masks: model " + spec.id() + " is not a generative model");
        try (OutputSet outputs = new OutputSet()) {
            Placement at = Placement.of(image, ImageFormats.baseTitle(title));
            outputs.write(ImageVolumes.labels(result, at), output);
            if (probabilities != null)
                outputs.write(ImageVolumes.probabilities(result, at), probabilities);
            if (uncertainty != null)
                outputs.write(ImageVolumes.uncertainty(result, at), uncertainty);
            if (sampleMasks != null)
                outputs.write(ImageVolumes.samples(result, at), sampleMasks);
            outputs.commit();
        }
        out.printf("%s: %d object(s), %d foreground voxels, %.2f s%n", output, result.maxLabel(),
                result.voxelCount(1) + (result.maxLabel() > 1 ? countOthers(result) : 0), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static long countOthers(SegmentResult r) {
        long n = 0;
        for (int l = 2; l <= r.maxLabel(); l++)
            n += r.voxelCount(l);
        return n;
    }
}
