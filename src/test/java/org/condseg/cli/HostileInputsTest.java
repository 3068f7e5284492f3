package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.condseg.Fixtures;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.io.metaimage.MetaImageWriter;
import org.condseg.io.nifti.NiftiWriter;
import org.condseg.io.nrrd.NrrdWriter;
import org.condseg.model.Calibration;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

/**
 * Hostile inputs in every supported format: empty, truncated and random files, headers declaring
 * negative, zero or huge sizes or more data than the file holds, and NaN/Inf voxels. Each is refused
 * by {@code segment} with exit code 3, one line on standard error naming the file, nothing on standard
 * output, no output file, within seconds.
 */
class HostileInputsTest {

    @TempDir
    static Path tmp;

    static final List<String> FORMATS = List.of("tif", "png", "nii", "nii.gz", "mha", "mhd", "nrrd", "dcm");

    @TestFactory
    List<DynamicTest> everyHostileFileIsRefusedWithExitThreeAndOneLine() throws Exception {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        Random r = new Random(6);
        for (String ext : FORMATS) {
            cases.put("empty." + ext, new byte[0]);
            byte[] random = new byte[4096];
            r.nextBytes(random);
            cases.put("random." + ext, random);
            cases.put("text." + ext, "hello\nworld\n".repeat(40).getBytes(StandardCharsets.US_ASCII));
        }
        for (String ext : List.of("tif", "png", "nii", "nii.gz", "mha", "nrrd")) {
            byte[] valid = valid(ext, false);
            cases.put("truncated." + ext, java.util.Arrays.copyOf(valid, valid.length / 2));
        }
        byte[] tif = valid("tif", false);
        cases.put("negative.tif", tiffSize(tif, -7, 5));
        cases.put("zero.tif", tiffSize(tif, 0, 5));
        cases.put("huge.tif", tiffSize(tif, 100_000, 100_000));
        cases.put("more-data.tif", tiffSize(tif, 700, 500));
        byte[] png = valid("png", false);
        cases.put("negative.png", pngSize(png, -7, 5));
        cases.put("zero.png", pngSize(png, 7, 0));
        cases.put("huge.png", pngSize(png, 40_000, 40_000));
        cases.put("more-data.png", pngSize(png, 700, 500));
        for (String ext : List.of("nii", "nii.gz")) {
            byte[] nii = valid(ext, false);
            cases.put("negative." + ext, niftiSize(nii, ext, -7, 5, 3));
            cases.put("zero." + ext, niftiSize(nii, ext, 7, 0, 3));
            cases.put("huge." + ext, niftiSize(nii, ext, 32767, 32767, 32767));
            cases.put("more-data." + ext, niftiSize(nii, ext, 70, 50, 30));
        }
        for (String ext : List.of("mha", "nrrd")) {
            String key = ext.equals("mha") ? "DimSize = 7 5 3" : "sizes: 7 5 3";
            byte[] v = valid(ext, false);
            for (String[] s : new String[][] {{"negative", "-7 5 3"}, {"zero", "7 0 3"}, {"huge", "100000 100000 100000"},
                    {"more-data", "70 50 30"}})
                cases.put(s[0] + "." + ext, replace(v, key, key.replace("7 5 3", s[1])));
        }
        for (String ext : List.of("tif", "nii", "nii.gz", "mha", "nrrd"))
            cases.put("nan." + ext, valid(ext, true));
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : cases.entrySet())
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> assertRefused(e.getKey(), e.getValue())));
        // a MetaImage whose separate data file is cut short
        tests.add(DynamicTest.dynamicTest("truncated-data.mhd", () -> {
            Path dir = Files.createDirectories(tmp.resolve("mhd"));
            MetaImageWriter.write(image(false), dir.resolve("v.mhd"), false);
            byte[] raw = Files.readAllBytes(dir.resolve("v.raw"));
            Files.write(dir.resolve("v.raw"), java.util.Arrays.copyOf(raw, raw.length - 5));
            assertRefused(dir.resolve("v.mhd"));
        }));
        return tests;
    }

    @Test
    void aPromptOutsideTheImageIsAUsageError() throws Exception {
        Path in = tmp.resolve("fine.tif");
        Files.write(in, valid("tif", false));
        Path output = tmp.resolve("prompt-out.tif");
        Result res = segment(in, output, "--point", "7,0");
        assertEquals(2, res.code, res.err);
        assertTrue(res.err.contains("lies outside"), res.err);
        assertFalse(Files.exists(output));
        assertEquals(2, segment(in, output, "--box", "5,1,3,3").code);
        assertEquals(2, segment(in, output, "--point", "1,1,3").code, "slice 3 of a 3-slice stack");
    }

    private void assertRefused(String name, byte[] bytes) throws Exception {
        Path in = tmp.resolve(name);
        Files.write(in, bytes);
        assertRefused(in);
    }

    private void assertRefused(Path in) throws Exception {
        Path output = tmp.resolve("out-" + in.getFileName() + ".tif");
        long start = System.nanoTime();
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> segment(in, output));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(3, r.code, in + ": " + r.err);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.startsWith("condseg: error: " + in.toString().replaceFirst("\\.mhd$", ".")), r.err);
        assertEquals("", r.out, "nothing on standard output");
        assertFalse(Files.exists(output), "no output");
        assertTrue(seconds < 5, in + " took " + seconds + " s");
        if (in.getFileName().toString().startsWith("nan."))
            assertTrue(r.err.contains("NaN or infinite voxel(s)"), r.err);
    }

    record Result(int code, String out, String err) {
    }

    private static synchronized Result segment(Path in, Path output, String... prompts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = System.out, e = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> args = new ArrayList<>(List.of("segment", "--model", Fixtures.model("interactive-2d").toString(),
                    "--input", in.toString(), "--output", output.toString()));
            args.addAll(prompts.length == 0 ? List.of("--point", "1,1") : List.of(prompts));
            int code = Main.run(args.toArray(String[]::new));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    static MedicalImage image(boolean nan) {
        List<Object> planes = new ArrayList<>();
        for (int z = 0; z < 3; z++) {
            float[] p = new float[35];
            for (int i = 0; i < p.length; i++)
                p[i] = i + z;
            if (nan && z == 1)
                p[4] = Float.NaN;
            if (nan && z == 2)
                p[5] = Float.NEGATIVE_INFINITY;
            planes.add(p);
        }
        return new MedicalImage(new Voxels(7, 5, 3, 1, 1, VoxelType.FLOAT32, planes),
                new Calibration(new double[] {1, 1, 2}, "mm", new double[3]), null, null, List.of());
    }

    /** A valid 7x5 (x3 where the format holds stacks) image in the format, with a NaN where asked. */
    static byte[] valid(String ext, boolean nan) throws Exception {
        Path f = Files.createTempFile(tmp, "valid", "." + ext);
        switch (ext) {
            case "tif" -> {
                FloatProcessor fp = new FloatProcessor(7, 5);
                for (int i = 0; i < 35; i++)
                    fp.setf(i, i);
                if (nan)
                    fp.setf(4, Float.NaN);
                new FileSaver(new ImagePlus("v", fp)).saveAsTiff(f.toString());
            }
            case "png" -> {
                ByteProcessor bp = new ByteProcessor(7, 5);
                for (int i = 0; i < 35; i++)
                    bp.set(i, i * 7);
                new FileSaver(new ImagePlus("v", bp)).saveAsPng(f.toString());
            }
            case "nii", "nii.gz" -> NiftiWriter.write(image(nan), false, f);
            case "mha" -> MetaImageWriter.write(image(nan), f, false);
            case "nrrd" -> NrrdWriter.write(image(nan), f, false);
            default -> throw new IllegalArgumentException(ext);
        }
        return Files.readAllBytes(f);
    }

    /** An ImageJ (big-endian) TIFF with its ImageWidth and ImageLength values replaced. */
    static byte[] tiffSize(byte[] tiff, int w, int h) {
        byte[] b = tiff.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = bb.getInt(4), n = bb.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + 12 * i, tag = bb.getShort(e) & 0xffff, type = bb.getShort(e + 2);
            int value = tag == 256 ? w : tag == 257 ? h : Integer.MIN_VALUE;
            if (value == Integer.MIN_VALUE)
                continue;
            if (type == 3)
                bb.putShort(e + 8, (short) value);
            else
                bb.putInt(e + 8, value);
        }
        return b;
    }

    /** A PNG with other IHDR sizes and a correct CRC. */
    static byte[] pngSize(byte[] png, int w, int h) {
        byte[] b = png.clone();
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        bb.putInt(29, (int) crc.getValue());
        return b;
    }

    /** A NIfTI-1 (gzipped or not) with other dim[1..3]. */
    static byte[] niftiSize(byte[] file, String ext, int x, int y, int z) throws Exception {
        boolean gz = ext.endsWith("gz");
        byte[] b = gz ? new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes() : file.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(bb(b));
        bb.putShort(42, (short) x).putShort(44, (short) y).putShort(46, (short) z);
        if (!gz)
            return b;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    private static ByteOrder bb(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 348 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    static byte[] replace(byte[] file, String from, String to) {
        String s = new String(file, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(from), from);
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
