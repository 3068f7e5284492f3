package org.condseg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.ij.LabelImages;
import org.condseg.ij.Overlay;
import org.condseg.evaluate.Baselines;
import org.condseg.evaluate.PlaneMask;
import org.condseg.io.Models;
import org.condseg.model.Box;
import org.condseg.model.Click;
import org.condseg.model.InputException;
import org.condseg.model.ModelSpec;
import org.condseg.model.Progress;
import org.condseg.model.Prompts;
import org.condseg.model.SegmentOptions;
import org.condseg.model.SegmentRequest;
import org.condseg.model.SegmentResult;
import org.condseg.model.Volume;
import org.condseg.runtime.Network;
import org.condseg.segment.Metrics;
import org.condseg.segment.Segmenter;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: runs {@code interactive-2d} on the shipped synthetic sample, once from its box and
 * once from one click, and writes {@code condseg-demo/} (label images, an overlay PNG, a report) with
 * the Dice of each against the sample's truth.
 *
 * <pre>{@code
 * java -jar target/condseg.jar demo
 * }</pre>
 */
@Command(name = "demo", description = "Segment the shipped sample from a box and a click; write condseg-demo/.")
final class DemoCommand implements Callable<Integer> {

    static final String MODEL = "interactive-2d";

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Option(names = "--output", defaultValue = "condseg-demo", paramLabel = "DIR")
    Path outputDir;

    @Option(names = "--models", paramLabel = "DIR", description = "folder of model packages searched first")
    Path modelsDir;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        Files.createDirectories(outputDir);
        Path image = extract("demo-image.tif"), truth = extract("demo-truth.tif"), prompt = extract("demo-prompt.txt");
        ModelSpec spec = Models.standard(modelsDir).find(MODEL);
        ImagePlus imp = ImageFiles.read(image);
        Volume volume = ImagePlusAdapter.toVolume(imp);
        Volume truthVolume = ImagePlusAdapter.toVolume(ImageFiles.read(truth));
        SamplePrompt sp = SamplePrompt.read(prompt);

        List<String> report = new ArrayList<>();
        if (threads < 1 || threads > SegmentOptions.maxThreads())
            throw new org.condseg.model.UsageException("--threads " + threads + " is not in 1.." + SegmentOptions.maxThreads());
        SegmentOptions options = SegmentOptions.defaults().withThreads(threads);
        SegmentResult fromBox, fromClick;
        double boxMs, clickMs;
        try (Network net = Models.open(spec, options, cmd.commandLine().getErr()::println)) {
            Segmenter seg = new Segmenter(spec, net);
            seg.segment(new SegmentRequest(volume, new Prompts(List.of(), List.of(sp.box), null, null), options), Progress.NONE, () -> false);
            long t0 = System.nanoTime();
            fromBox = seg.segment(new SegmentRequest(volume, new Prompts(List.of(), List.of(sp.box), null, null), options),
                    Progress.NONE, () -> false);
            long t1 = System.nanoTime();
            fromClick = seg.segment(new SegmentRequest(volume, new Prompts(List.of(sp.click), List.of(), null, null), options),
                    Progress.NONE, () -> false);
            long t2 = System.nanoTime();
            boxMs = (t1 - t0) / 1e6;
            clickMs = (t2 - t1) / 1e6;
        }
        double diceBox = Metrics.dice(fromBox.labels(), truthVolume.pixels());
        double diceClick = Metrics.dice(fromClick.labels(), truthVolume.pixels());
        ImageFiles.write(LabelImages.labels(fromBox, "demo-box", volume.calibration()), outputDir.resolve("labels-box.tif"));
        ImageFiles.write(LabelImages.labels(fromClick, "demo-click", volume.calibration()), outputDir.resolve("labels-click.tif"));
        ImageFiles.write(Overlay.draw(imp, fromBox.labels(), truthVolume.pixels(), sp.box), outputDir.resolve("overlay.png"));

        report.add("CondSeg demo: model " + spec.id() + " (sha256 " + spec.sha256().substring(0, 12) + "...) on " + image.getFileName()
                + " (" + volume.width() + "x" + volume.height() + ", synthetic, held out from training)");
        // the trivial baselines beside the model: the ellipse inscribed in the box, a disc of the object's own area around the click
        int w = (int) volume.width(), h = (int) volume.height();
        PlaneMask object = PlaneMask.of(truthVolume.pixels(), -1);
        double ellipse = Baselines.ellipse(sp.box, w, h).dice(object);
        double disc = Baselines.disc(sp.click, Math.sqrt(object.area() / Math.PI), w, h).dice(object);
        report.add(String.format(Locale.ROOT, "box   %d,%d,%d,%d  -> Dice %.3f  (%.0f ms); the ellipse inscribed in the box: %.3f",
                sp.box.x(), sp.box.y(), sp.box.width(), sp.box.height(), diceBox, boxMs, ellipse));
        report.add(String.format(Locale.ROOT, "click %d,%d        -> Dice %.3f  (%.0f ms); a disc of the object's area around the click: %.3f",
                sp.click.x(), sp.click.y(), diceClick, clickMs, disc));
        report.add("outputs: " + outputDir.toAbsolutePath().normalize()
                + "/{labels-box.tif, labels-click.tif, overlay.png, report.txt}");
        report.add("overlay: red = mask from the box, green = truth, yellow = the box");
        Files.write(outputDir.resolve("report.txt"), report, StandardCharsets.UTF_8);
        report.forEach(out::println);
        return 0;
    }

    private Path extract(String name) throws IOException {
        Path target = outputDir.resolve(name);
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
            if (in == null)
                throw new IOException("the demo sample /demo/" + name + " is missing from the jar");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** The prompt file of a sample: lines {@code box x,y,w,h} and {@code point x,y}. */
    record SamplePrompt(Box box, Click click) {
        static SamplePrompt read(Path file) throws IOException, InputException {
            Box box = null;
            Click click = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] kv = line.trim().split("\\s+", 2);
                if (kv.length < 2)
                    continue;
                String[] v = kv[1].split(",");
                if (kv[0].equals("box"))
                    box = new Box(Long.parseLong(v[0].trim()), Long.parseLong(v[1].trim()), Long.parseLong(v[2].trim()), Long.parseLong(v[3].trim()), 0, 1);
                else if (kv[0].equals("point"))
                    click = Click.positive(Long.parseLong(v[0].trim()), Long.parseLong(v[1].trim()), 0);
            }
            if (box == null || click == null)
                throw new InputException(file, "needs a 'box x,y,w,h' and a 'point x,y' line");
            return new SamplePrompt(box, click);
        }
    }
}
