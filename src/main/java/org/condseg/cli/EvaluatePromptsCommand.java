package org.condseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import org.condseg.batch.BatchCase;
import org.condseg.batch.Manifest;
import org.condseg.evaluate.LabelledObject;
import org.condseg.evaluate.ObjectTrace;
import org.condseg.evaluate.PromptEvaluation;
import org.condseg.evaluate.PromptProtocol;
import org.condseg.io.image.ImageVolumes;
import org.condseg.io.Models;
import org.condseg.io.medical.AtomicFiles;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.MaskChoice;
import org.condseg.model.SegmentOptions;
import org.condseg.model.UsageException;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.segment.Segmenter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate-prompts}: the interactive protocol ({@link PromptProtocol}) on every labelled object of
 * the user's images, paired with their truths by base name; mean Dice after 1, 3 and 5 interactions and
 * NoC@85/90 beside the trivial baseline, and a row per object with {@code --csv}.
 *
 * <pre>{@code
 * java -jar condseg.jar evaluate-prompts --model interactive-2d --images imgs/ --truths labels/ --prompt click --csv rows.csv
 * }</pre>
 */
@Command(name = "evaluate-prompts", description = "Simulated clicks on your labelled images: Dice after 1/3/5 interactions, NoC@85/90, beside trivial baselines.")
final class EvaluatePromptsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--model", required = true, paramLabel = "ID|PATH", description = "an interactive 2D model: id or package folder")
    String model;

    @Option(names = "--models", paramLabel = "DIR", description = "folder of model packages searched first")
    Path modelsDir;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "the images (2D, or stacks: each object on its largest slice)")
    Path images;

    @Option(names = "--truths", required = true, paramLabel = "DIR", description = "label images named as their images (same base name); each label value is one object")
    Path truths;

    @Option(names = "--prompt", defaultValue = "click", paramLabel = "box|click", description = "the first interaction: the tight box or a click at the interior-most pixel (default click)")
    String prompt;

    @Option(names = "--clicks", defaultValue = "20", paramLabel = "N", description = "interactions per object at most, the first prompt included; NoC counts N where never reached (default 20)")
    int clicks;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write a row per object to this CSV file")
    Path csv;

    @Option(names = "--mask-choice", defaultValue = "best", paramLabel = "best|small|medium|large",
            description = "which candidate mask of a model with several (default: the best-scored)")
    String maskChoice;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "N",
            description = "a generative model's samples per interaction, measured on their consensus (1 to 10000; default 1)")
    int samples;

    @Option(names = "--seed", defaultValue = "0", description = "the seed of the samples (default 0)")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "engine threads (0: engine's choice)")
    int threads;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto")
    String device;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut(), err = cmd.commandLine().getErr();
        PromptProtocol.Start start;
        SegmentOptions options;
        try {
            start = PromptProtocol.Start.parse(prompt);
            if (samples < 1 || samples > RunOptions.MAX_SAMPLES)
                throw new IllegalArgumentException("--samples " + samples + " is not in 1.." + RunOptions.MAX_SAMPLES);
            options = SegmentOptions.defaults().withThreads(threads).withDevice(device).withSamples(samples, seed);
            try {
                options = options.withMaskChoice(MaskChoice.parse(maskChoice));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mask-choice " + e.getMessage());
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<Path, Path> pairs = pairs(err);
        if (csv != null)
            refuseInput(csv, pairs);
        ModelSpec spec = Models.standard(modelsDir).find(model);
        List<ObjectTrace> traces = new ArrayList<>();
        List<Path> sources = new ArrayList<>(); // the truth file of each trace
        BooleanSupplier cancelled = () -> Thread.currentThread().isInterrupted();
        var progress = ProgressLine.to(err);
        try (Network net = Models.open(spec, options, err::println)) {
            PromptProtocol protocol;
            try {
                protocol = new PromptProtocol(new Segmenter(spec, net), options, start, clicks);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            int done = 0;
            for (var pair : pairs.entrySet()) {
                Volume image = ImageVolumes.read(pair.getKey());
                Volume truth = ImageVolumes.read(pair.getValue());
                if (!Arrays.equals(image.pixels().dimensionsAsLongArray(), truth.pixels().dimensionsAsLongArray()))
                    throw new InputException(pair.getValue(), "grid " + Arrays.toString(truth.pixels().dimensionsAsLongArray())
                            + " differs from its image's " + Arrays.toString(image.pixels().dimensionsAsLongArray()) + " (" + pair.getKey() + ")");
                List<LabelledObject> objects;
                try {
                    objects = LabelledObject.all(truth.pixels());
                } catch (IllegalArgumentException e) {
                    throw new InputException(pair.getValue(), e.getMessage());
                }
                if (objects.isEmpty())
                    err.println("condseg: " + pair.getValue() + ": holds no labelled object; skipped");
                for (LabelledObject o : objects) {
                    traces.add(protocol.run(image, o, cancelled));
                    sources.add(pair.getValue());
                }
                progress.update("images", ++done, pairs.size());
            }
        }
        if (traces.isEmpty())
            throw new InputException(truths, "holds no labelled object");
        PromptEvaluation e = PromptEvaluation.of(traces, start, clicks);
        PromptReport.print(out, e, spec.id(), pairs.size());
        if (samples > 1)
            out.println("each interaction: the consensus of " + samples + " samples (seed " + seed + ")");
        if (csv != null) {
            byte[] bytes = PromptReport.csv(e, sources, pairs).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(csv, false, o -> o.write(bytes));
        }
        return 0;
    }

    /**
     * Each truth with its image, by base name ({@code a.tif} with {@code a.nii.gz}); a truth without an
     * image is an error naming them all; images without a truth are skipped, with a note.
     */
    private Map<Path, Path> pairs(PrintWriter err) throws InputException, UsageException {
        if (!Files.isDirectory(images) || !Files.isDirectory(truths))
            throw new UsageException("--images and --truths must be folders");
        Map<String, Path> byName = byStem(images);
        Map<Path, Path> pairs = new LinkedHashMap<>();
        List<String> orphans = new ArrayList<>();
        for (var t : byStem(truths).entrySet()) {
            Path image = byName.remove(t.getKey());
            if (image == null)
                orphans.add(t.getValue().getFileName().toString());
            else
                pairs.put(image, t.getValue());
        }
        if (!orphans.isEmpty())
            throw new InputException(truths, "no image of the same base name in " + images + " for " + String.join(", ", orphans));
        if (pairs.isEmpty())
            throw new InputException(truths, "holds no image files");
        if (!byName.isEmpty())
            err.println("condseg: " + images + ": " + byName.size() + " image(s) without a truth skipped: "
                    + String.join(", ", byName.values().stream().map(p -> p.getFileName().toString()).toList()));
        return pairs;
    }

    private static Map<String, Path> byStem(Path dir) throws InputException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path p : Manifest.images(dir)) {
            Path before = out.put(BatchCase.stem(p.getFileName().toString()), p);
            if (before != null)
                throw new InputException(p, "shares its base name with " + before.getFileName() + ": which one is meant?");
        }
        return out;
    }

    /** Refuses a CSV path that is one of the inputs (inputs are never overwritten). */
    private static void refuseInput(Path output, Map<Path, Path> pairs) throws UsageException {
        if (Files.isDirectory(output))
            throw new UsageException("--csv " + output + " is a folder");
        Path o = output.toAbsolutePath().normalize();
        for (var e : pairs.entrySet())
            for (Path in : List.of(e.getKey(), e.getValue()))
                if (in.toAbsolutePath().normalize().equals(o) || same(in, output))
                    throw new UsageException("--csv " + output + " is an input; inputs are never overwritten");
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
