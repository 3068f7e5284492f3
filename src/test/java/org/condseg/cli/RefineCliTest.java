package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.condseg.Fixtures;
import org.condseg.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

/** {@code refine}, and {@code --refine} on {@code segment} and {@code batch}: outputs, geometry, exit codes. */
class RefineCliTest extends CapturedCli {

    @TempDir
    Path tmp;

    Path image, labels;

    /** A bright ring (a disk with a hole) on a dark ramp, 0.5 × 0.5 mm, and its labels with a speck. */
    @BeforeEach
    void writeImages() {
        FloatProcessor fp = new FloatProcessor(48, 40);
        ByteProcessor lp = new ByteProcessor(48, 40);
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 48; x++) {
                double r = Math.hypot(x - 24, y - 20);
                boolean ring = r <= 12 && r > 4;
                fp.setf(x, y, ring ? 0.9f : 0.1f + 0.002f * x);
                lp.set(x, y, ring ? 1 : 0);
            }
        lp.set(2, 2, 1);
        image = save(new ImagePlus("ring", fp), "ring.tif");
        labels = save(new ImagePlus("ring-labels", lp), "ring-labels.tif");
    }

    private Path save(ImagePlus imp, String name) {
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.5;
        imp.getCalibration().setUnit("mm");
        Path p = tmp.resolve(name);
        new FileSaver(imp).saveAsTiff(p.toString());
        return p;
    }

    @Test
    void refinesALabelImageAndKeepsItsCalibration() {
        Path output = tmp.resolve("out/refined.tif");
        int code = run("refine", "--labels", labels.toString(), "--steps", "fill-holes,min-size:1mm2", "--output", output.toString());
        assertEquals(0, code, errText());
        ImagePlus r = new Opener().openImage(output.toString());
        assertEquals(1, r.getProcessor().get(24, 20), "the hole is filled");
        assertEquals(0, r.getProcessor().get(2, 2), "the speck (0.25 mm²) is gone");
        assertEquals(0.5, r.getCalibration().pixelWidth, 1e-9);
        assertEquals("mm", r.getCalibration().getUnit());
        assertTrue(String.valueOf(r.getProp("condseg.provenance")).contains("\"refine\":\"fill-holes,min-size:1mm2\""));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("fill-holes,min-size:1mm2"));
    }

    @Test
    void aBadStepExitsWith2AndNamesIt() {
        int code = run("refine", "--labels", labels.toString(), "--steps", "fill-holes,opne:1mm", "--output",
                tmp.resolve("x.tif").toString());
        assertEquals(2, code);
        assertEquals(1, errText().strip().lines().count(), errText());
        assertTrue(errText().contains("'opne:1mm'"), errText());
        assertEquals(2, run("refine", "--labels", labels.toString(), "--steps", "graphcut", "--output", tmp.resolve("x.tif").toString()));
        assertTrue(errText().contains("needs --image"), errText());
        assertEquals(2, run("refine", "--labels", labels.toString(), "--steps", "min-size:2mm3", "--output", tmp.resolve("x.tif").toString()));
        assertTrue(errText().contains("2D"), errText());
        assertEquals(2, run("segment", "--model", "no-such-model", "--input", image.toString(), "--output",
                tmp.resolve("x.tif").toString(), "--refine", "close:"), "steps are checked before the model is looked up");
        assertEquals(2, run("refine", "--labels", labels.toString(), "--steps", "largest", "--output", labels.toString()));
        assertTrue(Files.notExists(tmp.resolve("x.tif")));
    }

    @Test
    void graphCutWithTheImage() {
        // labels one pixel too small all round: the cut grows them onto the ring's edges
        ByteProcessor lp = new ByteProcessor(48, 40);
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 48; x++) {
                double r = Math.hypot(x - 24, y - 20);
                lp.set(x, y, r <= 10.5 && r > 5.5 ? 1 : 0);
            }
        Path shrunk = save(new ImagePlus("shrunk", lp), "shrunk.tif");
        Path output = tmp.resolve("cut.tif");
        int code = run("refine", "--labels", shrunk.toString(), "--image", image.toString(), "--steps", "graphcut:1.5mm",
                "--output", output.toString());
        assertEquals(0, code, errText());
        ImagePlus r = new Opener().openImage(output.toString());
        ImagePlus truth = new Opener().openImage(labels.toString());
        truth.getProcessor().set(2, 2, 0);
        int differ = 0;
        for (int i = 0; i < 48 * 40; i++)
            differ += r.getProcessor().get(i) != truth.getProcessor().get(i) ? 1 : 0;
        assertTrue(differ < 10, differ + " pixels differ from the ring");
        FloatProcessor small = new FloatProcessor(40, 40);
        Path other = save(new ImagePlus("small", small), "small.tif");
        assertEquals(3, run("refine", "--labels", shrunk.toString(), "--image", other.toString(), "--steps", "graphcut",
                "--output", tmp.resolve("y.tif").toString()));
        assertTrue(errText().contains("40×40×1") && errText().contains("48×40×1"), errText());
    }

    @Test
    void segmentAndBatchRefineTheirLabels() throws Exception {
        // identity-2d thresholds the image at 0.5: the ring, whose hole fill-holes closes
        Path plain = tmp.resolve("plain.tif"), refined = tmp.resolve("refined.tif");
        String model = Fixtures.fixture("identity-2d").toString();
        assertEquals(0, run("segment", "--model", model, "--input", image.toString(), "--output", plain.toString()), errText());
        assertEquals(0, run("segment", "--model", model, "--input", image.toString(), "--output", refined.toString(),
                "--refine", "fill-holes"), errText());
        assertEquals(0, new Opener().openImage(plain.toString()).getProcessor().get(24, 20));
        ImagePlus r = new Opener().openImage(refined.toString());
        assertEquals(1, r.getProcessor().get(24, 20));
        assertTrue(String.valueOf(r.getProp("condseg.provenance")).contains("identity-2d"), "the model's provenance stays");
        assertTrue(String.valueOf(r.getProp("condseg.provenance")).contains("\"refine\":\"fill-holes\""));

        Path in = Files.createDirectories(tmp.resolve("cases"));
        Files.copy(image, in.resolve("a.tif"));
        Path outDir = tmp.resolve("batch");
        assertEquals(0, run("batch", "--model", model, "--input", in.toString(), "--output", outDir.toString(), "--refine",
                "fill-holes"), errText());
        assertEquals(1, new Opener().openImage(outDir.resolve("a-labels.tif").toString()).getProcessor().get(24, 20));
        assertEquals(2, run("batch", "--model", model, "--input", in.toString(), "--output", outDir.toString(), "--refine", "holes"));
    }

    @Test
    void segmentWithACascade() {
        Path plain = tmp.resolve("plain.tif"), cascade = tmp.resolve("cascade.tif");
        String model = Fixtures.fixture("identity-2d").toString();
        assertEquals(0, run("segment", "--model", model, "--input", image.toString(), "--output", plain.toString()), errText());
        assertEquals(0, run("segment", "--model", model, "--input", image.toString(), "--output", cascade.toString(), "--cascade"),
                errText());
        ImagePlus a = new Opener().openImage(plain.toString()), b = new Opener().openImage(cascade.toString());
        for (int i = 0; i < 48 * 40; i++)
            assertEquals(a.getProcessor().get(i), b.getProcessor().get(i));
        assertTrue(String.valueOf(b.getProp("condseg.provenance")).contains("\"cascade\""));
        assertEquals(2, run("segment", "--model", "interactive-2d", "--input", image.toString(), "--output",
                tmp.resolve("c.tif").toString(), "--box", "10,10,20,20", "--cascade"));
        assertTrue(errText().contains("--cascade is for models without a condition"), errText());
        assertEquals(2, run("segment", "--model", model, "--input", image.toString(), "--output", tmp.resolve("d.tif").toString(),
                "--cascade", "--cascade-factor", "1"));
    }

    private static final String MAKE = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "x, y, z = np.mgrid[0:30, 26:0:-1, 0:7]",
            "lab = (((x - 15) / 9.0) ** 2 + ((y - 13) / 8.0) ** 2 + ((z - 3) / 2.5) ** 2 <= 1).astype(np.uint8)",
            "lab[15, 13, 3] = 0",
            "lab[1, 1, 1] = 1",
            "aff = np.array([[0.7, 0.1, 0, -40.5], [-0.1, 0.7, 0, 12.0], [0, 0, 3.0, -80], [0, 0, 0, 1]])",
            "img = nib.Nifti1Image(lab, aff); img.set_qform(aff, 1); img.set_sform(aff, 2)",
            "img.header.set_xyzt_units('mm', 'sec'); nib.save(img, sys.argv[1])");

    private static final String CHECK = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "a = nib.load(sys.argv[1]); b = nib.load(sys.argv[2]); d = np.asarray(b.dataobj)",
            "print(a.shape == b.shape, np.allclose(a.affine, b.affine), int(b.header['qform_code']), int(b.header['sform_code']),",
            "      int(d[15, 13, 3]), int(d[1, 1, 1]), int((np.asarray(a.dataobj) > 0).sum() - 1 + 1 - (d > 0).sum()))");

    @Test
    void aNiftiLabelImageKeepsItsGeometry() throws Exception {
        Tools.requirePython("nibabel", "numpy");
        Path in = tmp.resolve("lab.nii.gz"), output = tmp.resolve("lab-refined.nii.gz");
        Tools.runPython(MAKE, in);
        assertEquals(0, run("refine", "--labels", in.toString(), "--steps", "fill-holes,largest", "--output", output.toString()),
                errText());
        assertEquals("True True 1 2 1 0 0", Tools.runPython(CHECK, in, output).strip());
    }
}
