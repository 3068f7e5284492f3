package org.condseg.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.condseg.Fixtures;
import org.condseg.SyntheticVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.io.Opener;

/**
 * The dialog-free path, truly headless ({@code java.awt.headless=true}, no display, no macro): a script
 * calls {@code IJ.runPlugIn(class, options)} and finds the labels as the current image.
 */
class HeadlessPluginTest {

    @TempDir
    Path tmp;

    /** What a headless script does; run in a fresh JVM with java.awt.headless=true. Args: image, x,y,w,h,slice, output[, options]. */
    public static void main(String[] a) {
        ImagePlus imp = IJ.openImage(a[0]);
        String[] r = a[1].split(",");
        imp.setSlice(Integer.parseInt(r[4]));
        imp.setRoi(new Roi(Integer.parseInt(r[0]), Integer.parseInt(r[1]), Integer.parseInt(r[2]), Integer.parseInt(r[3])));
        WindowManager.setTempCurrentImage(imp);
        IJ.runPlugIn("org.condseg.plugins.SegmentImage", a.length > 3 ? a[3] : "model=bright-interactive-2d prompt=roi propagate");
        ImagePlus labels = IJ.getImage();
        System.out.println("headless=" + java.awt.GraphicsEnvironment.isHeadless() + " current=" + labels.getTitle());
        IJ.saveAsTiff(labels, a[2]);
        System.exit(0);
    }

    @Test
    void runPlugInWithOptionsNeedsNoDisplay() throws Exception {
        segmentHeadless((String) null);
    }

    @Test
    void theCommandLinesRunOptionsAreMacroKeysToo() throws Exception {
        ImagePlus labels = segmentHeadless("model=bright-interactive-2d prompt=roi propagate threads=1 overlap=0.25 refine=fill-holes,largest");
        String provenance = String.valueOf(labels.getProp("condseg.provenance"));
        assertTrue(provenance.contains("\"refine\":\"fill-holes,largest\""), provenance);
    }

    @Test
    void firstAndLastKeepPropagationWithinTheSlicesGiven() throws Exception {
        int[] seed = new int[1];
        ImagePlus labels = segmentHeadless(z -> "model=bright-interactive-2d prompt=roi propagate first=" + (z - 1) + " last=" + (z + 1),
                seed);
        int with = 0;
        for (int z = 1; z <= labels.getNSlices(); z++) {
            boolean any = labels.getStack().getProcessor(z).getStatistics().max > 0;
            if (any)
                with++;
            assertTrue(!any || Math.abs(z - seed[0]) <= 1, "labels on slice " + z + ", outside " + (seed[0] - 1) + ".." + (seed[0] + 1));
        }
        assertEquals(3, with, "the three slices first..last carry the object");
    }

    private ImagePlus segmentHeadless(String options) throws Exception {
        return segmentHeadless(options == null ? null : z -> options, new int[1]);
    }

    /** Segments the test blob headless with the options for the seed slice z (1-based), which goes to {@code seed[0]}. */
    private ImagePlus segmentHeadless(java.util.function.IntFunction<String> optionsForSlice, int[] seed) throws Exception {
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(61, 70, 64, 11);
        ImagePlus imp = ImageJMacroTest.stack("vol", b, 0.5, 1.5, "mm");
        Path in = tmp.resolve("vol.tif"), out = tmp.resolve("vol-labels.tif"), log = tmp.resolve("log.txt");
        ImageJMacroTest.save(imp, in);
        var box = b.seedBox();
        String roi = box.x() + "," + box.y() + "," + box.width() + "," + box.height() + "," + (box.z() + 1);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true",
                "-Dai.djl.offline=true", "-Dcondseg.models=" + Fixtures.repo().resolve("test-data/fixtures"),
                HeadlessPluginTest.class.getName(), in.toString(), roi, out.toString());
        seed[0] = (int) box.z() + 1;
        if (optionsForSlice != null) {
            cmd = new java.util.ArrayList<>(cmd);
            cmd.add(optionsForSlice.apply(seed[0]));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // the class path goes through the environment: ONNX Runtime's native library crashes on load when
        // the JVM's command line is longer than about 4 KB
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().remove("DISPLAY");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + Files.readString(log));
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("headless=true current=vol-labels"), output);
        ImagePlus labels = new Opener().openImage(out.toString());
        assertEquals(11, labels.getNSlices());
        assertEquals(1.5, labels.getCalibration().pixelDepth, 1e-5);
        if (optionsForSlice == null)
            assertTrue(ImageJMacroTest.dice(labels, 1, b) > 0.85, "Dice " + ImageJMacroTest.dice(labels, 1, b));
        assertTrue(new File(out.toString()).length() > 0);
        return labels;
    }
}
