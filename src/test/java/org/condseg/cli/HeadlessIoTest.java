package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.condseg.ij.ImageFiles;
import org.condseg.ij.ImagePlusAdapter;
import org.condseg.io.image.ImageVolumes;
import org.condseg.io.medical.Geometry;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.io.nifti.NiftiWriter;
import org.condseg.model.Calibration;
import org.condseg.model.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Headless I/O without ImageJ in the middle: segment, batch and evaluate run on NIfTI with ij.jar
 * removed from the class path and write the same bytes as with it; TIFF without ImageJ is refused in one
 * line before any work; and the core reads TIFFs (through the ImageJ service) as the ImageJ front ends do.
 */
class HeadlessIoTest {

    @TempDir
    Path tmp;

    /** A 96 × 80 NIfTI with a bright ellipse, a geometry off the axes' origin and 0.7 mm voxels. */
    private Path nifti(String name) throws Exception {
        float[] px = new float[96 * 80];
        for (int y = 0; y < 80; y++)
            for (int x = 0; x < 96; x++) {
                double dx = (x - 50) / 18.0, dy = (y - 38) / 13.0;
                px[x + 96 * y] = (dx * dx + dy * dy <= 1 ? 180 : 40) + (x * 7 + y * 3) % 11;
            }
        Voxels v = new Voxels(96, 80, 1, 1, 1, VoxelType.FLOAT32, List.of(px));
        Geometry g = Geometry.aligned(new double[] {0.7, 0.7, 2.0}, new double[] {-31.5, 12.25, 40});
        Path f = tmp.resolve(name);
        NiftiWriter.write(new MedicalImage(v, Calibration.NONE, g, null, List.of()), false, f);
        return f;
    }

    private static String classPath(boolean withImageJ) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> withImageJ || !e.replace('\\', '/').matches(".*/net/imagej/ij/[^/]+/ij-[^/]+\\.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private record Run(int exit, String err) {
    }

    private Run condseg(boolean withImageJ, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "org.condseg.cli.Main"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("CLASSPATH", classPath(withImageJ));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "condseg ends");
        return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theClassPathWithoutImageJReallyLacksIt() {
        assertFalse(classPath(false).equals(classPath(true)), "ij.jar found on the test class path: " + classPath(true));
    }

    @Test
    void segmentBatchAndEvaluateRunWithoutImageJAndWriteWhatTheyWriteWithIt() throws Exception {
        Path in = nifti("scan.nii.gz");
        Path without = tmp.resolve("without-labels.nii.gz"), with = tmp.resolve("with-labels.nii.gz");
        String[] segment = {"segment", "--model", "interactive-2d", "--input", in.toString(), "--box", "30,24,42,30", "--probabilities"};
        Run a = condseg(false, concat(segment, tmp.resolve("without-prob.nii.gz").toString(), "--output", without.toString()));
        assertEquals(0, a.exit(), a.err());
        Run b = condseg(true, concat(segment, tmp.resolve("with-prob.nii.gz").toString(), "--output", with.toString()));
        assertEquals(0, b.exit(), b.err());
        assertArrayEquals(Files.readAllBytes(with), Files.readAllBytes(without), "labels written without ImageJ equal those with it");
        assertArrayEquals(Files.readAllBytes(tmp.resolve("with-prob.nii.gz")), Files.readAllBytes(tmp.resolve("without-prob.nii.gz")));

        Path manifest = tmp.resolve("cases.csv"), out = tmp.resolve("batch");
        Files.writeString(manifest, "input,boxes\n" + in + ",\"30,24,42,30\"\n");
        Run batch = condseg(false, "batch", "--model", "interactive-2d", "--input", manifest.toString(), "--output", out.toString(),
                "--format", "nii.gz");
        assertEquals(0, batch.exit(), batch.err());
        Path batchLabels;
        try (var files = Files.list(out)) {
            batchLabels = files.filter(p -> p.getFileName().toString().endsWith("-labels.nii.gz")).findFirst().orElseThrow();
        }
        assertEquals(ImageVolumes.read(with).pixels().dimension(0), ImageVolumes.read(batchLabels).pixels().dimension(0));
        assertEquals(values(ImageVolumes.read(with)), values(ImageVolumes.read(batchLabels)), "batch labels as segment's");

        Run evaluate = condseg(false, "evaluate", "--prediction", without.toString(), "--truth", batchLabels.toString());
        assertEquals(0, evaluate.exit(), evaluate.err());
    }

    @Test
    void withoutImageJATiffIsRefusedInOneLineBeforeAnyWork() throws Exception {
        Path tif = tmp.resolve("cells.tif");
        new FileSaver(new ImagePlus("cells", new ByteProcessor(32, 24))).saveAsTiff(tif.toString());
        Run read = condseg(false, "segment", "--model", "interactive-2d", "--input", tif.toString(), "--output",
                tmp.resolve("o.nii.gz").toString(), "--box", "2,2,10,10");
        assertEquals(3, read.exit(), read.err());
        assertEquals(1, read.err().lines().count(), read.err());
        assertTrue(read.err().contains(tif + ": TIFF, PNG and other non-medical formats are read and written through ImageJ 1"), read.err());

        Path out = tmp.resolve("written").resolve("scan-labels.tif");
        Run write = condseg(false, "segment", "--model", "interactive-2d", "--input", nifti("scan.nii").toString(), "--output",
                out.toString(), "--box", "30,24,42,30");
        assertEquals(2, write.exit(), write.err());
        assertTrue(write.err().lines().anyMatch(l -> l.startsWith("condseg: error: output " + out + ": TIFF, PNG")), write.err());
        assertFalse(Files.exists(out.getParent()), "nothing written");
    }

    @Test
    void theCoreReadsTiffsAsTheImageJFrontEndsDo() throws Exception {
        int w = 13, h = 7;
        ImageStack grey8 = new ImageStack(w, h), grey16 = new ImageStack(w, h), grey32 = new ImageStack(w, h), rgb = new ImageStack(w, h);
        for (int z = 0; z < 3; z++) {
            ByteProcessor b = new ByteProcessor(w, h);
            ShortProcessor s = new ShortProcessor(w, h);
            FloatProcessor f = new FloatProcessor(w, h);
            ColorProcessor c = new ColorProcessor(w, h);
            for (int i = 0; i < w * h; i++) {
                b.set(i, (i * 37 + z) % 256);
                s.set(i, (i * 4099 + z * 7) % 65536);
                f.setf(i, (float) Math.sin(i + z) * 1000.5f);
                c.set(i, ((i * 53 + z) % 256) << 16 | ((i * 29) % 256) << 8 | (i * 101 + z) % 256);
            }
            grey8.addSlice(b);
            grey16.addSlice(s);
            grey32.addSlice(f);
            rgb.addSlice(c);
        }
        for (ImageStack stack : List.of(grey8, grey16, grey32, rgb)) {
            ImagePlus imp = new ImagePlus("t", stack);
            imp.getCalibration().pixelWidth = 0.25;
            imp.getCalibration().pixelDepth = 3;
            imp.getCalibration().setUnit("mm");
            Path f = tmp.resolve("t" + stack.getBitDepth() + ".tif");
            new FileSaver(imp).saveAsTiffStack(f.toString());
            Volume core = ImageVolumes.read(f), viaImageJ = ImagePlusAdapter.toVolume(ImageFiles.read(f));
            assertEquals(values(viaImageJ), values(core), stack.getBitDepth() + "-bit voxels");
            assertArrayEquals(viaImageJ.calibration().spacing(), core.calibration().spacing());
            assertEquals(viaImageJ.calibration().unit(), core.calibration().unit());
            assertEquals(viaImageJ.name(), core.name());
        }
    }

    private static List<Float> values(Volume v) {
        List<Float> out = new ArrayList<>();
        Cursor<? extends RealType<?>> c = Views.flatIterable(v.pixels()).cursor();
        while (c.hasNext())
            out.add(c.next().getRealFloat());
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
