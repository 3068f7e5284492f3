package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.condseg.Fixtures;
import org.condseg.NoisyDisc;
import org.condseg.SyntheticVolumes;
import org.condseg.TwoChannels;
import org.condseg.model.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/**
 * The menu commands as users run them: macros in a real ImageJ under Xvfb (see {@link ImageJClient}),
 * with the stand-in interactive model {@code bright-interactive-2d} on synthetic images whose truth is
 * known: a 2D image, a 3D stack prompted on one slice and propagated, a hyperstack prompted from the ROI
 * Manager on two frames, and the batch, evaluation and model-manager commands.
 */
class ImageJMacroTest {

    static final String MODEL = "bright-interactive-2d";

    @TempDir
    Path tmp;

    static ImagePlus stack(String title, SyntheticVolumes.Blob b, double pw, double pd, String unit) {
        ImageStack s = new ImageStack(b.width(), b.height());
        for (short[] plane : b.image())
            s.addSlice(new ShortProcessor(b.width(), b.height(), plane, null));
        ImagePlus imp = new ImagePlus(title, s);
        imp.getCalibration().pixelWidth = pw;
        imp.getCalibration().pixelHeight = pw;
        imp.getCalibration().pixelDepth = pd;
        imp.getCalibration().setUnit(unit);
        return imp;
    }

    static ImagePlus truth(SyntheticVolumes.Blob b) {
        ImageStack s = new ImageStack(b.width(), b.height());
        for (byte[] plane : b.truth())
            s.addSlice(new ByteProcessor(b.width(), b.height(), plane.clone()));
        return new ImagePlus("truth", s);
    }

    static void save(ImagePlus imp, Path file) {
        FileSaver fs = new FileSaver(imp);
        assertTrue(imp.getStackSize() > 1 ? fs.saveAsTiffStack(file.toString()) : fs.saveAsTiff(file.toString()));
    }

    static String rect(Box b) {
        return "makeRectangle(" + b.x() + ", " + b.y() + ", " + b.width() + ", " + b.height() + ");\n";
    }

    static String q(Path p) {
        return "\"" + p.toString().replace("\\", "/") + "\"";
    }

    static ImagePlus open(Path p, ImageJClient.Run run) {
        assertTrue(Files.isRegularFile(p), p.getFileName() + " was not written; ImageJ said:\n" + run.output());
        return new Opener().openImage(p.toString());
    }

    /** Dice of the non-zero voxels of stack planes [from, from + n) against the truth planes. */
    static double dice(ImagePlus labels, int from, SyntheticVolumes.Blob b) {
        long both = 0, a = 0, t = 0;
        for (int z = 0; z < b.depth(); z++)
            for (int i = 0; i < b.width() * b.height(); i++) {
                boolean x = labels.getStack().getProcessor(from + z).get(i) != 0, y = b.truth()[z][i] != 0;
                a += x ? 1 : 0;
                t += y ? 1 : 0;
                both += x && y ? 1 : 0;
            }
        return 2.0 * both / (a + t);
    }

    @Test
    void image2D() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(21, 101, 77, 1);
        save(stack("cells", b, 0.25, 1, "um"), tmp.resolve("cells.tif"));
        save(truth(b), tmp.resolve("truth.tif"));
        Path labels = tmp.resolve("cells-labels.tif"), eval = tmp.resolve("evaluation.csv");
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + q(tmp.resolve("cells.tif")) + ");\n" + rect(b.seedBox())
                + "run(\"Segment Image...\", \"model=" + MODEL + " prompt=roi probabilities uncertainty\");\n"
                + "print(\"titles: \" + String.join(getList(\"image.titles\")));\n"
                + "selectImage(\"cells-labels\");\n"
                + "run(\"Save Label Image...\", \"path=[" + labels + "]\");\n"
                + "open(" + q(tmp.resolve("truth.tif")) + ");\n"
                + "run(\"Evaluate Segmentation...\", \"prediction=cells-labels truth=truth.tif\");\n"
                + "Table.save(" + q(eval) + ", \"CondSeg Evaluation\");\n");
        ImagePlus l = open(labels, run);
        assertEquals(List.of(101, 77, 1), List.of(l.getWidth(), l.getHeight(), l.getStackSize()));
        assertEquals(8, l.getBitDepth());
        assertEquals(0.25, l.getCalibration().pixelWidth, 1e-9);
        assertEquals("\u00B5m", l.getCalibration().getUnit());
        assertTrue(String.valueOf(l.getProp("condseg.provenance")).contains(MODEL), "provenance kept in the TIFF");
        double dice = dice(l, 1, b);
        assertTrue(dice > 0.85, "Dice " + dice);
        assertTrue(run.output().contains("cells-probabilities") && run.output().contains("cells-uncertainty"), run.output());
        List<String> rows = Files.readAllLines(eval);
        assertTrue(rows.get(0).contains("Dice") && rows.size() == 2, rows.toString());
        double reported = Double.parseDouble(rows.get(1).split(",")[rows.get(0).indexOf("Dice") < 0 ? 0 : List.of(rows.get(0).split(",")).indexOf("Dice")]);
        assertEquals(dice, reported, 1e-3);
    }

    @Test
    void stackWithARectangleOnOneSlicePropagated() throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(22, 96, 88, 23);
        save(stack("volume", b, 0.7, 2.0, "mm"), tmp.resolve("volume.tif"));
        Path labels = tmp.resolve("volume-labels.tif"), objects = tmp.resolve("objects.csv");
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + q(tmp.resolve("volume.tif")) + ");\n"
                + "setSlice(" + (b.seedSlice() + 1) + ");\n" + rect(b.seedBox())
                + "run(\"Segment Image...\", \"model=" + MODEL + " prompt=roi propagate rois\");\n"
                + "print(\"rois: \" + roiManager(\"count\"));\n"
                + "selectImage(\"volume-labels\");\n"
                + "saveAs(\"Tiff\", " + q(labels) + ");\n"
                + "Table.save(" + q(objects) + ", \"CondSeg Objects\");\n");
        ImagePlus l = open(labels, run);
        assertEquals(List.of(96, 88, 23), List.of(l.getWidth(), l.getHeight(), l.getNSlices()));
        assertEquals(0.7, l.getCalibration().pixelWidth, 1e-5); // TIFF resolution is a rational
        assertEquals(2.0, l.getCalibration().pixelDepth, 1e-9);
        assertEquals("mm", l.getCalibration().getUnit());
        double dice = dice(l, 1, b);
        assertTrue(dice > 0.85, "Dice " + dice);
        int rois = Integer.parseInt(run.output().replaceAll("(?s).*rois: (\\d+).*", "$1"));
        assertTrue(rois > 10, rois + " ROIs");
        List<String> rows = Files.readAllLines(objects);
        assertTrue(rows.get(0).contains("Volume (mm^3)") && rows.size() == 2, rows.toString());
    }

    @Test
    void hyperstackPromptedFromTheRoiManagerOnTwoFrames() throws Exception {
        int channels = 2, frames = 3;
        SyntheticVolumes.Blob[] blobs = {SyntheticVolumes.blob(31, 80, 72, 9), SyntheticVolumes.blob(32, 80, 72, 9),
                SyntheticVolumes.blob(33, 80, 72, 9)};
        ImageStack s = new ImageStack(80, 72);
        for (int t = 0; t < frames; t++)
            for (int z = 0; z < 9; z++)
                for (int c = 1; c <= channels; c++)
                    s.addSlice(new ShortProcessor(80, 72, c == 2 ? blobs[t].image()[z] : new short[80 * 72], null));
        ImagePlus imp = new ImagePlus("series", s);
        imp.setDimensions(channels, 9, frames);
        imp.setOpenAsHyperStack(true);
        imp.getCalibration().pixelDepth = 3;
        imp.getCalibration().frameInterval = 60;
        imp.getCalibration().setUnit("mm");
        save(imp, tmp.resolve("series.tif"));
        StringBuilder m = new StringBuilder("open(" + q(tmp.resolve("series.tif")) + ");\n");
        for (int t : new int[] {1, 3}) {
            SyntheticVolumes.Blob b = blobs[t - 1];
            m.append("Stack.setPosition(2, " + (b.seedSlice() + 1) + ", " + t + ");\n").append(rect(b.seedBox())).append("roiManager(\"add\");\n");
        }
        Path labels = tmp.resolve("series-labels.tif");
        m.append("run(\"Select None\");\n")
                .append("run(\"Segment Image...\", \"model=" + MODEL + " prompt=roi-manager channel=2 propagate\");\n")
                .append("selectImage(\"series-labels\");\n")
                .append("saveAs(\"Tiff\", " + q(labels) + ");\n");
        ImageJClient.Run run = ImageJClient.runMacro(tmp, m.toString());
        ImagePlus l = open(labels, run);
        assertEquals(List.of(80, 72, 1, 9, 3), List.of(l.getWidth(), l.getHeight(), l.getNChannels(), l.getNSlices(), l.getNFrames()));
        assertEquals(3, l.getCalibration().pixelDepth, 1e-9);
        assertEquals(60, l.getCalibration().frameInterval, 1e-9);
        assertTrue(dice(l, 1, blobs[0]) > 0.85, "frame 1: Dice " + dice(l, 1, blobs[0]));
        assertTrue(dice(l, 19, blobs[2]) > 0.85, "frame 3: Dice " + dice(l, 19, blobs[2]));
        for (int z = 10; z <= 18; z++)
            assertEquals(0, l.getStack().getProcessor(z).getStatistics().max, "frame 2 had no prompt");
        assertEquals(1, l.getStack().getProcessor(blobs[0].seedSlice() + 1).getStatistics().max);
        assertEquals(2, l.getStack().getProcessor(18 + blobs[2].seedSlice() + 1).getStatistics().max);
    }

    @Test
    void batchModelManagerAndOpen() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in")), out = tmp.resolve("out");
        SyntheticVolumes.Blob a = SyntheticVolumes.blob(41, 64, 60, 1), b = SyntheticVolumes.blob(42, 64, 60, 1);
        save(stack("a", a, 1, 1, "mm"), in.resolve("a.tif"));
        save(stack("b", b, 1, 1, "mm"), in.resolve("b.tif"));
        Box box = a.seedBox();
        // a manifest: case a prompted with its box, case b without a prompt
        Files.writeString(in.resolve("cases.csv"), "input,boxes\na.tif,\"" + box.x() + "," + box.y() + "," + box.width() + ","
                + box.height() + "\"\nb.tif,\n");
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "run(\"Model Manager...\", \"action=validate model=" + MODEL + "\");\n"
                + "run(\"Model Manager...\", \"action=list\");\n"
                + "run(\"Batch Segment Folder...\", \"model=" + MODEL + " input=[" + in.resolve("cases.csv") + "] output=[" + out + "]\");\n"
                + "run(\"Open Medical Image...\", \"path=[" + in.resolve("b.tif") + "]\");\n"
                + "print(\"opened \" + getTitle() + \" \" + getWidth());\n");
        assertTrue(run.output().contains(MODEL + ": valid"), run.output());
        assertTrue(run.output().contains("identity-3d"), run.output());
        assertTrue(run.output().contains("opened b.tif 64"), run.output());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(summary.get(1).startsWith("a,done,"), summary.toString());
        assertTrue(summary.get(2).startsWith("b,failed,") && summary.get(2).contains("needs a prompt"), summary.toString());
        assertTrue(run.output().contains("CondSeg batch: b: "), run.output());
        assertTrue(dice(new Opener().openImage(out.resolve("a-labels.tif").toString()), 1, a) > 0.85);
    }

    /** A CSV row of a saved results table as column → value. */
    static java.util.Map<String, Double> row(List<String> csv, int row) {
        String[] head = csv.get(0).split(","), values = csv.get(row).split(",");
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < head.length; i++)
            if (!head[i].isBlank() && !values[i].isBlank())
                m.put(head[i].replace("\"", "").trim(), Double.parseDouble(values[i]));
        return m;
    }

    /**
     * Refine Labels on a noisy, holed disc with a known truth (see {@link NoisyDisc}): fill-holes,
     * largest and an opening of 1.5 mm raise its Dice by at least 0.10, the input is untouched, the
     * result is calibrated like it, Evaluate Segmentation reports the command line's figures for both,
     * and a bad step then stops the macro with one line.
     */
    @Test
    void refineLabelsThenEvaluateThenABadStep() throws Exception {
        NoisyDisc disc = NoisyDisc.make(7);
        save(disc.noisy(), tmp.resolve("disc-labels.tif"));
        save(disc.image(), tmp.resolve("disc.tif"));
        save(disc.clean(), tmp.resolve("disc-truth.tif"));
        Path refined = tmp.resolve("refined.tif"), labelsAfter = tmp.resolve("labels-after.tif");
        Path evalNoisy = tmp.resolve("eval-noisy.csv"), evalRefined = tmp.resolve("eval-refined.csv");
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + q(tmp.resolve("disc-labels.tif")) + ");\n"
                + "open(" + q(tmp.resolve("disc.tif")) + ");\n"
                + "open(" + q(tmp.resolve("disc-truth.tif")) + ");\n"
                + "run(\"Refine Labels...\", \"labels=disc-labels.tif image=disc.tif steps=[fill-holes,largest,open:1.5mm]\");\n"
                + "print(\"current: \" + getTitle());\n"
                + "run(\"Save Label Image...\", \"path=[" + refined + "]\");\n"
                + "run(\"Evaluate Segmentation...\", \"prediction=disc-labels-refined truth=disc-truth.tif\");\n"
                + "Table.save(" + q(evalRefined) + ", \"CondSeg Evaluation\");\n"
                + "run(\"Evaluate Segmentation...\", \"prediction=disc-labels.tif truth=disc-truth.tif\");\n"
                + "Table.save(" + q(evalNoisy) + ", \"CondSeg Evaluation\");\n"
                + "selectImage(\"disc-labels.tif\");\n"
                + "run(\"Save Label Image...\", \"path=[" + labelsAfter + "]\");\n"
                + "run(\"Refine Labels...\", \"labels=disc-labels.tif steps=[fill-holes,opne:1mm]\");\n"
                + "print(\"still running\");\n");
        assertTrue(run.output().contains("current: disc-labels-refined"), run.output());
        ImagePlus r = open(refined, run);
        assertEquals(0.5, r.getCalibration().pixelWidth, 1e-5);
        assertEquals("mm", r.getCalibration().getUnit());
        assertTrue(String.valueOf(r.getProp("condseg.provenance")).contains("fill-holes,largest,open:1.5mm"));
        double before = disc.dice(disc.noisy()), after = disc.dice(r);
        System.out.printf("Refine Labels (macro): noisy holed disc, fill-holes,largest,open:1.5mm: Dice %.4f -> %.4f%n", before, after);
        assertTrue(after - before >= 0.10, "Dice " + before + " -> " + after);
        ImagePlus untouched = open(labelsAfter, run);
        assertEquals(before, disc.dice(untouched), 0, "the input labels are not changed");

        var noisy = row(Files.readAllLines(evalNoisy), 1);
        var good = row(Files.readAllLines(evalRefined), 1);
        System.out.println("Evaluate Segmentation (macro): noisy " + noisy + "\n  refined " + good);
        assertTrue(good.keySet().containsAll(List.of("Label", "Dice", "IoU", "HD95 (mm)", "ASSD (mm)", "Predicted volume (mL)",
                "True volume (mL)")), good.toString());
        assertEquals(after, good.get("Dice"), 1e-3);
        assertEquals(before, noisy.get("Dice"), 1e-3);
        long truthPixels = java.util.stream.IntStream.range(0, disc.truth().length).filter(i -> disc.truth()[i]).count();
        assertEquals(truthPixels * 0.25 / 1000, good.get("True volume (mL)"), 1e-3); // 0.5 × 0.5 × 1 mm per pixel
        assertTrue(good.get("HD95 (mm)") < noisy.get("HD95 (mm)") && good.get("ASSD (mm)") < noisy.get("ASSD (mm)"),
                noisy + " -> " + good);
        assertTrue(good.get("HD95 (mm)") <= 1.0, "refined HD95 " + good.get("HD95 (mm)")); // within 2 pixels

        assertEquals(1, run.output().lines().filter(l -> l.contains("Refine Labels: error")).count(), run.output());
        assertTrue(run.output().contains("Refine Labels: error: refinement step 'opne:1mm'"), run.output());
        assertTrue(!run.output().contains("still running"), run.output());
        assertEquals(0, run.exitCode(), "no hang: " + run.output());
    }

    /**
     * A two-channel model without a condition ({@code mean-2ch-2d}: labels where the mean of its two
     * channels is over 0.5) on a two-channel, three-slice, two-frame hyperstack, and on the same channels
     * as two open images ({@code channels=[t1.tif,t2.tif]}): both give the fixture's answer voxel by
     * voxel. Then a three-channel hyperstack, and a channel on another grid, each stop the macro with one line.
     */
    @Test
    void twoChannelModelFromAHyperstackAndFromTwoOpenImages() throws Exception {
        TwoChannels two = TwoChannels.make(4);
        save(two.hyperstack("mr.tif", 2), tmp.resolve("mr.tif"));
        save(two.channel(1, "t1.tif"), tmp.resolve("t1.tif"));
        save(two.channel(2, "t2.tif"), tmp.resolve("t2.tif"));
        save(two.hyperstack("three.tif", 3), tmp.resolve("three.tif"));
        ImagePlus cut = two.channel(2, "small.tif");
        cut.setStack(cut.getStack().crop(0, 0, 0, TwoChannels.W, 30, cut.getStackSize()), 1, TwoChannels.Z, TwoChannels.T);
        save(cut, tmp.resolve("small.tif"));
        String model = "model=[" + Fixtures.fixture("mean-2ch-2d") + "] prompt=none";
        Path fromHyperstack = tmp.resolve("mr-labels.tif"), fromImages = tmp.resolve("t1-labels.tif");
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "open(" + q(tmp.resolve("mr.tif")) + ");\n"
                + "run(\"Segment Image...\", \"" + model + "\");\n"
                + "selectImage(\"mr-labels\");\n"
                + "saveAs(\"Tiff\", " + q(fromHyperstack) + ");\n"
                + "open(" + q(tmp.resolve("t1.tif")) + ");\n"
                + "open(" + q(tmp.resolve("t2.tif")) + ");\n"
                + "run(\"Segment Image...\", \"" + model + " channels=[t1.tif,t2.tif]\");\n"
                + "selectImage(\"t1-labels\");\n"
                + "saveAs(\"Tiff\", " + q(fromImages) + ");\n");
        long foreground = two.assertLabels(open(fromHyperstack, run));
        assertEquals(foreground, two.assertLabels(open(fromImages, run)));
        assertTrue(foreground > 0.3 * TwoChannels.W * TwoChannels.H * TwoChannels.Z * TwoChannels.T, foreground + " voxels");
        assertEquals(0.5, open(fromImages, run).getCalibration().pixelWidth, 1e-5);

        ImageJClient.Run three = ImageJClient.runMacro(tmp, "open(" + q(tmp.resolve("three.tif")) + ");\n"
                + "run(\"Segment Image...\", \"" + model + "\");\n"
                + "print(\"still running\");\n");
        assertEquals(1, three.output().lines().filter(l -> l.contains("Segment Image: error")).count(), three.output());
        assertTrue(three.output().contains("Segment Image: error: model mean-2ch-2d takes 2 input channels but three.tif has 3;"),
                three.output());
        assertTrue(!three.output().contains("still running"), three.output());
        ImageJClient.Run grid = ImageJClient.runMacro(tmp, "open(" + q(tmp.resolve("t1.tif")) + ");\n"
                + "open(" + q(tmp.resolve("small.tif")) + ");\n"
                + "run(\"Segment Image...\", \"" + model + " channels=[t1.tif,small.tif]\");\n"
                + "print(\"still running\");\n");
        assertEquals(1, grid.output().lines().filter(l -> l.contains("Segment Image: error")).count(), grid.output());
        // (the sizes' × may print as ? where the locale's encoding lacks it)
        assertTrue(grid.output().contains("Segment Image: error: small.tif is 45") && grid.output().contains("30")
                && grid.output().contains("voxels but the first image (t1.tif) is 45"), grid.output());
        assertTrue(!grid.output().contains("still running"), grid.output());
        assertEquals(0, grid.exitCode(), "no hang: " + grid.output());
    }

    @Test
    void aFailureAbortsTheMacroWithOneLine() throws Exception {
        ImageJClient.Run run = ImageJClient.runMacro(tmp, "newImage(\"x\", \"8-bit black\", 32, 32, 1);\n"
                + "run(\"Segment Image...\", \"model=" + MODEL + " prompt=roi\");\n"
                + "print(\"still running\");\n");
        assertTrue(run.output().contains("Segment Image: error: x has no selection"), run.output());
        assertTrue(!run.output().contains("still running"), run.output());
        assertEquals(0, run.exitCode(), "no hang: " + run.output());
    }
}
