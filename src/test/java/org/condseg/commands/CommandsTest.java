package org.condseg.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.condseg.Fixtures;
import org.condseg.NoisyDisc;
import org.condseg.SyntheticVolumes;
import org.condseg.TwoChannels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/** The SciJava commands through a {@link CommandService} in a small context, as scripts and Fiji run them. */
class CommandsTest {

    static Context context;
    static CommandService commands;
    static String previousModels;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        previousModels = System.getProperty("condseg.models");
        System.setProperty("condseg.models", Fixtures.repo().resolve("test-data/fixtures").toString());
        context = new Context(CommandService.class);
        commands = context.service(CommandService.class);
        // the commands log their one-line failures; the failures here are expected
        context.service(org.scijava.log.LogService.class).setLevel(org.scijava.log.LogLevel.NONE);
    }

    @AfterAll
    static void stop() {
        context.dispose();
        if (previousModels == null)
            System.clearProperty("condseg.models");
        else
            System.setProperty("condseg.models", previousModels);
    }

    static CommandModule run(Class<?> command, Object... inputs) throws Exception {
        return commands.run(command.asSubclass(org.scijava.command.Command.class), false, inputs).get();
    }

    static ImagePlus blob(SyntheticVolumes.Blob b) {
        ImageStack s = new ImageStack(b.width(), b.height());
        for (short[] plane : b.image())
            s.addSlice(new ShortProcessor(b.width(), b.height(), plane, null));
        ImagePlus imp = new ImagePlus("blob", s);
        imp.getCalibration().pixelDepth = 3;
        imp.getCalibration().setUnit("mm");
        return imp;
    }

    @Test
    void theAnnotationIndexListsEveryCommand() throws IOException {
        String index;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/json/org.scijava.plugin.Plugin")) {
            assertNotNull(in, "javac did not write the SciJava annotation index");
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Class<?> c : List.of(SegmentImageCommand.class, BatchSegmentFolderCommand.class, EvaluateSegmentationCommand.class,
                RefineLabelsCommand.class,
                ModelManagerCommand.class, OpenMedicalImageCommand.class, SaveLabelImageCommand.class)) {
            assertTrue(index.contains("\"" + c.getName() + "\""), c.getName());
            assertNotNull(commands.getCommand(c.getName()), c.getName() + " is not found by the CommandService");
        }
    }

    @Test
    void segmentImageTakesTheCascadeRefinementAndSampleMasksAsTheCommandLineDoes() throws Exception {
        ij.process.FloatProcessor fp = new ij.process.FloatProcessor(40, 32);
        java.util.Random r = new java.util.Random(9);
        for (int i = 0; i < 40 * 32; i++)
            fp.setf(i, (float) r.nextGaussian() * 0.1f);
        for (int y = 8; y < 24; y++)
            for (int x = 10; x < 30; x++)
                if ((x - 20) * (x - 20) / 100.0 + (y - 16) * (y - 16) / 64.0 < 1 && (x != 20 || y != 16))
                    fp.setf(x, y, 1);
        ImagePlus imp = new ImagePlus("disc.tif", fp);
        CommandModule m = run(SegmentImageCommand.class, "image", imp, "model", "identity-2d", "cascade", 2, "refine",
                "fill-holes", "threads", 1, "overlap", 0.25);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus labels = (ImagePlus) m.getOutput("labels");
        String provenance = String.valueOf(labels.getProp("condseg.provenance"));
        assertTrue(provenance.contains("\"cascade\"") && provenance.contains("\"refine\":\"fill-holes\""), provenance);
        assertEquals(1, labels.getProcessor().get(20, 16), "the one-pixel hole is filled");
        CommandModule bad = run(SegmentImageCommand.class, "image", imp, "model", "bright-interactive-2d", "cascade", 2);
        assertTrue(bad.isCanceled());
        assertTrue(bad.getCancelReason().startsWith("cascade is for models without a condition"), bad.getCancelReason());

        imp.setRoi(new ij.gui.PointRoi(20, 16));
        CommandModule sampled = run(SegmentImageCommand.class, "image", imp, "model", "latent-2d", "prompt", "roi", "samples", 3,
                "seed", 5, "sampleMasks", true);
        assertFalse(sampled.isCanceled(), sampled.getCancelReason());
        ImagePlus samples = (ImagePlus) sampled.getOutput("samplesImage");
        assertEquals("disc-samples", samples.getTitle());
        assertEquals(3, samples.getNFrames());
        CommandModule notGenerative = run(SegmentImageCommand.class, "image", imp, "model", "identity-2d", "sampleMasks", true);
        assertTrue(notGenerative.isCanceled());
        assertFalse(notGenerative.getCancelReason().contains("--"), notGenerative.getCancelReason());
    }

    @Test
    void segmentImageWithARectangleAndPropagation() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(51, 80, 70, 15);
        ImagePlus imp = blob(b);
        var box = b.seedBox();
        imp.setSlice((int) box.z() + 1);
        imp.setRoi(new Roi((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height()));
        CommandModule m = run(SegmentImageCommand.class, "image", imp, "model", "bright-interactive-2d", "prompt", "roi",
                "propagate", true, "probabilities", true);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus labels = (ImagePlus) m.getOutput("labels");
        assertEquals(List.of(80, 70, 15), List.of(labels.getWidth(), labels.getHeight(), labels.getNSlices()));
        assertEquals(3, labels.getCalibration().pixelDepth, 1e-12);
        long both = 0, a = 0, t = 0;
        for (int z = 0; z < b.depth(); z++)
            for (int i = 0; i < 80 * 70; i++) {
                boolean x = labels.getStack().getProcessor(z + 1).get(i) != 0, y = b.truth()[z][i] != 0;
                a += x ? 1 : 0;
                t += y ? 1 : 0;
                both += x && y ? 1 : 0;
            }
        assertTrue(2.0 * both / (a + t) > 0.85, "Dice " + 2.0 * both / (a + t));
        assertNotNull(m.getOutput("probabilitiesImage"));
        assertNull(m.getOutput("uncertaintyImage"));
        assertEquals(1, ((ResultsTable) m.getOutput("objects")).size());
    }

    /**
     * A two-channel model without a condition ({@code mean-2ch-2d}: the mean of its channels over 0.5)
     * from a hyperstack's channels, and from two files as {@code channels}, per frame; a hyperstack of
     * three channels, a channel on another grid, and channels for a conditioned model cancel with one line.
     */
    @Test
    void segmentImageWithATwoChannelModel() throws Exception {
        TwoChannels two = TwoChannels.make(5);
        CommandModule hyper = run(SegmentImageCommand.class, "image", two.hyperstack("mr.tif", 2), "model", "mean-2ch-2d");
        assertFalse(hyper.isCanceled(), hyper.getCancelReason());
        ImagePlus labels = (ImagePlus) hyper.getOutput("labels");
        assertEquals("mr-labels", labels.getTitle());
        long foreground = two.assertLabels(labels);
        assertTrue(foreground > 0.3 * TwoChannels.W * TwoChannels.H * TwoChannels.Z * TwoChannels.T, foreground + " voxels");
        assertTrue(String.valueOf(labels.getProp("condseg.provenance")).startsWith("{\"channels\":2,\"frames\":["));

        Path t1 = tmp.resolve("t1.tif"), t2 = tmp.resolve("t2.tif"), small = tmp.resolve("small.tif");
        assertTrue(new FileSaver(two.channel(1, "t1.tif")).saveAsTiffStack(t1.toString()));
        assertTrue(new FileSaver(two.channel(2, "t2.tif")).saveAsTiffStack(t2.toString()));
        ImagePlus cut = two.channel(2, "small.tif");
        cut.setStack(cut.getStack().crop(0, 0, 0, TwoChannels.W, 30, cut.getStackSize()), 1, TwoChannels.Z, TwoChannels.T);
        assertTrue(new FileSaver(cut).saveAsTiffStack(small.toString()));
        CommandModule files = run(SegmentImageCommand.class, "channels", t1 + ", " + t2, "model", "mean-2ch-2d");
        assertFalse(files.isCanceled(), files.getCancelReason());
        assertEquals("t1-labels", ((ImagePlus) files.getOutput("labels")).getTitle());
        assertEquals(foreground, two.assertLabels((ImagePlus) files.getOutput("labels")));

        CommandModule three = run(SegmentImageCommand.class, "image", two.hyperstack("three.tif", 3), "model", "mean-2ch-2d");
        assertTrue(three.isCanceled());
        assertEquals("model mean-2ch-2d takes 2 input channels but three.tif has 3; give a hyperstack of 2 channels, or 2 open "
                + "images as channels=[A,B,...]", three.getCancelReason());
        CommandModule grid = run(SegmentImageCommand.class, "channels", t1 + "," + small, "model", "mean-2ch-2d");
        assertTrue(grid.isCanceled());
        assertTrue(grid.getCancelReason().contains("small.tif is 45×30×3 voxels but the first image (t1.tif) is 45×38×3")
                && !grid.getCancelReason().contains("\n"), grid.getCancelReason());
        CommandModule one = run(SegmentImageCommand.class, "channels", t1.toString(), "model", "mean-2ch-2d");
        assertTrue(one.getCancelReason().contains("takes 2 input channels but t1.tif has 1"), one.getCancelReason());
        CommandModule prompted = run(SegmentImageCommand.class, "channels", t1 + "," + t2, "model", "bright-interactive-2d");
        assertTrue(prompted.getCancelReason().contains("takes 1 input channel(s) (it is conditioned) but 2 images were given"),
                prompted.getCancelReason());
        CommandModule missing = run(SegmentImageCommand.class, "channels", t1 + ",nothing-here", "model", "mean-2ch-2d");
        assertTrue(missing.getCancelReason().contains("nothing-here is neither an open image's title nor a file"),
                missing.getCancelReason());
    }

    @Test
    void segmentImageFromAFileToAFile() throws Exception {
        ByteProcessor ip = new ByteProcessor(32, 24);
        ip.setColor(255);
        ip.fillRect(16, 0, 16, 24);
        Path in = tmp.resolve("half.tif"), out = tmp.resolve("half-labels.tif");
        new FileSaver(new ImagePlus("half", ip)).saveAsTiff(in.toString());
        // identity-2d thresholds at 0.5: the bright half is label 1
        CommandModule m = run(SegmentImageCommand.class, "input", in.toFile(), "model", "identity-2d", "output", out.toFile());
        assertFalse(m.isCanceled(), m.getCancelReason());
        assertTrue(Files.isRegularFile(out));
        assertEquals(16 * 24, ((ResultsTable) m.getOutput("objects")).getValue("Voxels", 0));
    }

    @Test
    void badInputsCancelWithOneLine() throws Exception {
        CommandModule noImage = run(SegmentImageCommand.class, "model", "identity-2d");
        assertTrue(noImage.isCanceled());
        assertTrue(noImage.getCancelReason().contains("no image given"), noImage.getCancelReason());
        ImagePlus imp = new ImagePlus("x", new ByteProcessor(16, 16));
        CommandModule noModel = run(SegmentImageCommand.class, "image", imp, "model", "no-such-model");
        assertTrue(noModel.getCancelReason().contains("no such model"), noModel.getCancelReason());
        CommandModule noRoi = run(SegmentImageCommand.class, "image", imp, "model", "bright-interactive-2d", "prompt", "roi");
        assertTrue(noRoi.getCancelReason().contains("has no selection"), noRoi.getCancelReason());
        CommandModule badChannel = run(SegmentImageCommand.class, "image", imp, "model", "identity-2d", "channel", 0);
        assertTrue(badChannel.getCancelReason().contains("channel 0"), badChannel.getCancelReason());
        assertTrue(run(EvaluateSegmentationCommand.class, "prediction", imp).isCanceled());
    }

    @Test
    void evaluateModelsOpenAndSave() throws Exception {
        ByteProcessor p = new ByteProcessor(10, 10), t = new ByteProcessor(10, 10);
        p.setColor(1);
        p.fillRect(0, 0, 5, 10);
        t.setColor(1);
        t.fillRect(0, 0, 5, 5);
        CommandModule e = run(EvaluateSegmentationCommand.class, "prediction", new ImagePlus("p", p), "truth", new ImagePlus("t", t));
        assertEquals(2.0 * 25 / 75, (double) e.getOutput("meanDice"), 1e-9);

        CommandModule list = run(ModelManagerCommand.class, "action", "list");
        assertTrue(((String) list.getOutput("report")).contains("bright-interactive-2d"), (String) list.getOutput("report"));
        CommandModule valid = run(ModelManagerCommand.class, "action", "validate", "model", "identity-2d");
        assertTrue(((String) valid.getOutput("report")).endsWith("identity-2d: valid"));
        assertTrue(run(ModelManagerCommand.class, "action", "validate", "model", "broken").isCanceled());

        Path file = tmp.resolve("p.tif");
        assertFalse(run(SaveLabelImageCommand.class, "image", new ImagePlus("p", p), "path", file.toFile()).isCanceled());
        ImagePlus back = (ImagePlus) run(OpenMedicalImageCommand.class, "path", file.toFile()).getOutput("image");
        assertEquals(0.5, back.getStatistics().mean, 1e-9);
    }

    /** 10 × 10 squares at x = 8 (prediction) and x = 5 (truth) of 0.5 mm pixels: every figure is known. */
    @Test
    void evaluateReportsWhatTheCommandLineReports() throws Exception {
        ByteProcessor p = new ByteProcessor(40, 30), t = new ByteProcessor(40, 30);
        p.setColor(1);
        p.fillRect(8, 10, 10, 10);
        t.setColor(1);
        t.fillRect(5, 10, 10, 10);
        ImagePlus prediction = new ImagePlus("p", p), truth = new ImagePlus("t", t);
        truth.getCalibration().pixelWidth = truth.getCalibration().pixelHeight = 0.5;
        truth.getCalibration().setUnit("mm");
        CommandModule e = run(EvaluateSegmentationCommand.class, "prediction", prediction, "truth", truth);
        assertFalse(e.isCanceled(), e.getCancelReason());
        ResultsTable rt = (ResultsTable) e.getOutput("scores");
        assertEquals(1, rt.size());
        assertEquals(1, rt.getValue("Label", 0), 0);
        assertEquals(0.7, rt.getValue("Dice", 0), 1e-12); // 2 × 70 / 200
        assertEquals(70 / 130.0, rt.getValue("IoU", 0), 1e-12);
        // the far edges are 3 px = 1.5 mm apart, and 14 of each square's 36 surface pixels are that far
        assertEquals(1.5, rt.getValue("HD95 (mm)", 0), 1e-9);
        // surface distances, in pixels, from one square to the other: 0 (7 + 7 on the top and bottom
        // rows), 1, 2, 3 (twice each: the rows' ends), 1, 2, 3, 3, 3, 3, 2, 1 (the inner column) and
        // 3 × 8 (the outer column): 54 px over 36, both ways alike: 1.5 px = 0.75 mm
        assertEquals(0.75, rt.getValue("ASSD (mm)", 0), 1e-9);
        // 100 pixels of 0.5 × 0.5 × 1 mm = 25 mm3 = 0.025 mL
        assertEquals(0.025, rt.getValue("Predicted volume (mL)", 0), 1e-12);
        assertEquals(0.025, rt.getValue("True volume (mL)", 0), 1e-12);
        assertEquals(0.7, (double) e.getOutput("meanDice"), 1e-12);

        // two frames, each its own volume: frame 1 as above, frame 2 a perfect match
        ImageStack ps = new ImageStack(40, 30), ts = new ImageStack(40, 30);
        ps.addSlice(p);
        ps.addSlice(t.duplicate());
        ts.addSlice(t);
        ts.addSlice(t.duplicate());
        ImagePlus pt = new ImagePlus("p", ps), tt = new ImagePlus("t", ts);
        pt.setDimensions(1, 1, 2);
        tt.setDimensions(1, 1, 2);
        tt.setCalibration(truth.getCalibration());
        ResultsTable frames = (ResultsTable) run(EvaluateSegmentationCommand.class, "prediction", pt, "truth", tt).getOutput("scores");
        assertEquals(2, frames.size());
        assertEquals(List.of(1.0, 2.0), List.of(frames.getValue("Frame", 0), frames.getValue("Frame", 1)));
        assertEquals(0.75, frames.getValue("ASSD (mm)", 0), 1e-9);
        assertEquals(1, frames.getValue("Dice", 1), 0);
        assertEquals(0, frames.getValue("HD95 (mm)", 1), 0);
    }

    @Test
    void refineLabelsImprovesANoisyHoledDisc() throws Exception {
        NoisyDisc disc = NoisyDisc.make(7);
        byte[] before = ((byte[]) disc.noisy().getProcessor().getPixels()).clone();
        CommandModule m = run(RefineLabelsCommand.class, "labels", disc.noisy(), "image", disc.image(), "steps",
                "fill-holes,largest,open:1.5mm");
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus refined = (ImagePlus) m.getOutput("refined");
        assertEquals("disc-labels-refined", refined.getTitle());
        assertEquals(0.5, refined.getCalibration().pixelWidth, 1e-12);
        assertEquals("mm", refined.getCalibration().getUnit());
        assertTrue(String.valueOf(refined.getProp("condseg.provenance")).contains("fill-holes,largest,open:1.5mm"));
        assertArrayEquals(before, (byte[]) disc.noisy().getProcessor().getPixels(), "the input labels are not changed");
        double d0 = disc.dice(disc.noisy()), d1 = disc.dice(refined);
        System.out.printf("RefineLabelsCommand: noisy holed disc, fill-holes,largest,open:1.5mm: Dice %.4f -> %.4f%n", d0, d1);
        assertTrue(d1 - d0 >= 0.10, "Dice " + d0 + " -> " + d1);

        CommandModule cut = run(RefineLabelsCommand.class, "labels", disc.noisy(), "image", disc.image(), "steps", "graphcut");
        assertFalse(cut.isCanceled(), cut.getCancelReason());
        double d2 = disc.dice((ImagePlus) cut.getOutput("refined"));
        System.out.printf("RefineLabelsCommand: noisy holed disc, graphcut with the image: Dice %.4f -> %.4f%n", d0, d2);
        assertTrue(d2 > d0, "graph cut on the image: Dice " + d0 + " -> " + d2);
    }

    @Test
    void refineLabelsWithBadStepsCancelsWithOneLineAndNoOutput() throws Exception {
        NoisyDisc disc = NoisyDisc.make(7);
        CommandModule bad = run(RefineLabelsCommand.class, "labels", disc.noisy(), "steps", "fill-holes,opne:1mm");
        assertTrue(bad.isCanceled());
        assertTrue(bad.getCancelReason().contains("'opne:1mm'") && !bad.getCancelReason().contains("\n"), bad.getCancelReason());
        assertNull(bad.getOutput("refined"));
        CommandModule noImage = run(RefineLabelsCommand.class, "labels", disc.noisy(), "steps", "fill-holes,graphcut");
        assertTrue(noImage.getCancelReason().contains("need image"), noImage.getCancelReason());
        assertNull(noImage.getOutput("refined"));
        CommandModule noLabels = run(RefineLabelsCommand.class, "steps", "largest");
        assertTrue(noLabels.getCancelReason().contains("labels: no image given"), noLabels.getCancelReason());
    }

    @Test
    void batchSegmentFolder() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String n : List.of("a", "b"))
            new FileSaver(new ImagePlus(n, new ByteProcessor(16, 16))).saveAsTiff(in.resolve(n + ".tif").toString());
        CommandModule m = run(BatchSegmentFolderCommand.class, "model", "identity-2d", "input", in.toFile(), "output",
                tmp.resolve("out").toFile());
        assertFalse(m.isCanceled(), m.getCancelReason());
        assertEquals(2, (int) m.getOutput("done"));
        CommandModule again = run(BatchSegmentFolderCommand.class, "model", "identity-2d", "input", in.toFile(), "output",
                tmp.resolve("out").toFile(), "resume", true);
        assertEquals(0, (int) again.getOutput("done"));
        assertEquals(2, (int) again.getOutput("skipped"));
        assertTrue(Files.readString(tmp.resolve("out/summary.csv")).contains("\na,skipped,"), Files.readString(tmp.resolve("out/summary.csv")));
        assertTrue(run(BatchSegmentFolderCommand.class, "model", "identity-2d").isCanceled());
        // a cascade enters the resume digest: both cases run again, through the coarse pass
        CommandModule cascade = run(BatchSegmentFolderCommand.class, "model", "identity-2d", "input", in.toFile(), "output",
                tmp.resolve("out").toFile(), "resume", true, "cascade", 2);
        assertFalse(cascade.isCanceled(), cascade.getCancelReason());
        assertEquals(2, (int) cascade.getOutput("done"));
        assertTrue(Files.readString(tmp.resolve("out/a-labels.json")).contains("cascade"), Files.readString(tmp.resolve("out/a-labels.json")));
        CommandModule conditioned = run(BatchSegmentFolderCommand.class, "model", "bright-interactive-2d", "input", in.toFile(),
                "output", tmp.resolve("out2").toFile(), "cascade", 2);
        assertTrue(conditioned.isCanceled() && conditioned.getCancelReason().contains("cascade"), conditioned.getCancelReason());
        assertFalse(Files.exists(tmp.resolve("out2/summary.csv")));
    }

    /**
     * The SciJava batch has the batch command's options (FeatureParityTest lists them) and runs the same
     * job: propagation bounded by first/last, probabilities, a format and a summary file give the files
     * the command line's batch gives with --propagate --propagate-slices --probabilities --format --summary.
     */
    @Test
    void batchSegmentFolderRunsTheBatchCommandsJob() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("stacks"));
        ImageStack stack = new ImageStack(40, 32);
        for (int z = 0; z < 6; z++) {
            ij.process.FloatProcessor fp = new ij.process.FloatProcessor(40, 32);
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 40; x++)
                    fp.setf(x, y, x >= 7 && x < 24 && y >= 10 && y < 22 ? 0.9f : 0.2f);
            stack.addSlice(fp);
        }
        new FileSaver(new ImagePlus("s.tif", stack)).saveAsTiffStack(in.resolve("s.tif").toString());
        Files.writeString(in.resolve("cases.csv"), "input,boxes\ns.tif,\"8,11,15,10,2\"\n");
        String model = org.condseg.Fixtures.fixture("bright-interactive-2d").toString();
        CommandModule m = run(BatchSegmentFolderCommand.class, "model", model, "input", in.resolve("cases.csv").toFile(), "output",
                tmp.resolve("ij").toFile(), "propagate", true, "first", 2, "last", 4, "probabilities", true, "format", "nii.gz",
                "summary", tmp.resolve("ij-summary.csv").toFile());
        assertFalse(m.isCanceled(), m.getCancelReason());
        assertEquals(1, (int) m.getOutput("done"));
        assertEquals(0, org.condseg.cli.Main.run("batch", "--model", model, "--input", in.resolve("cases.csv").toString(), "--output",
                tmp.resolve("cli").toString(), "--propagate", "--propagate-slices", "1,3", "--probabilities", "--format", "nii.gz",
                "--summary", tmp.resolve("cli-summary.csv").toString()));
        for (String f : List.of("s-labels.nii.gz", "s-labels-probabilities.nii.gz"))
            org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(tmp.resolve("cli").resolve(f)),
                    Files.readAllBytes(tmp.resolve("ij").resolve(f)), f);
        assertTrue(Files.readString(tmp.resolve("ij-summary.csv")).contains("\ns,done,"), Files.readString(tmp.resolve("ij-summary.csv")));
        var labels = org.condseg.io.image.ImageVolumes.read(tmp.resolve("ij").resolve("s-labels.nii.gz"));
        int slices = 0;
        for (int z = 0; z < 6; z++) {
            boolean any = false;
            for (var t : net.imglib2.view.Views.flatIterable(net.imglib2.view.Views.hyperSlice(labels.pixels(), 2, z)))
                any |= t.getRealDouble() > 0;
            if (any)
                slices++;
            else
                assertTrue(z < 1 || z > 3, "slice " + z + " lies within first..last and has the object");
        }
        assertEquals(3, slices, "propagated over slices 1..3 (first=2 last=4) only");
        CommandModule both = run(BatchSegmentFolderCommand.class, "model", model, "input", in.resolve("cases.csv").toFile(), "output",
                tmp.resolve("bad").toFile(), "propagate", true, "cascade", 2);
        assertTrue(both.isCanceled() && both.getCancelReason().contains("cascade and propagate"), both.getCancelReason());
        assertFalse(both.getCancelReason().contains("--"), both.getCancelReason());
    }
}
