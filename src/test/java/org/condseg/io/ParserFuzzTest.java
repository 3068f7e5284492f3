package org.condseg.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.condseg.Fixtures;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.TestVolumes;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.metaimage.MetaImageReader;
import org.condseg.io.metaimage.MetaImageWriter;
import org.condseg.io.nifti.NiftiReader;
import org.condseg.io.nifti.NiftiWriter;
import org.condseg.io.nrrd.NrrdReader;
import org.condseg.io.nrrd.NrrdWriter;
import org.condseg.model.Calibration;
import org.condseg.model.CondSegException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of the NIfTI, TIFF, PNG, MetaImage, NRRD and rdf.yaml parsers (TIFF and PNG
 * through {@code ImageFiles.read}: our header and strip checks, then ImageJ's readers). Valid files (from our
 * writers and the shipped descriptions) are mutated (bit flips, interesting integers at random
 * offsets, truncation, splices, numbers in text headers replaced by extreme ones, gzip payloads
 * mutated inside the stream) and parsed; a parser may return or refuse with its checked exception
 * ({@link CondSegException}), and must do either within {@value #CASE_SECONDS} s. Anything else (an
 * unchecked exception, an error, a hang) is a crash: the input is saved under
 * {@code target/fuzz-crashes/<parser>/} and the test fails. Copy a crash into
 * {@code test-data/fuzz/<parser>/}: it is then replayed by every run.
 *
 * <p>{@value #DEFAULT_CASES} cases per parser run in the suite (a few seconds); more on demand:
 * {@code mvn -B -o test -Dtest=ParserFuzzTest -Dcondseg.fuzz.cases=100000 -Dcondseg.fuzz.seed=7}.
 */
class ParserFuzzTest {

    static final int DEFAULT_CASES = 400;
    static final int CASE_SECONDS = 10;
    static final int CASES = Integer.getInteger("condseg.fuzz.cases", DEFAULT_CASES);
    static final long SEED = Long.getLong("condseg.fuzz.seed", 20261127L);

    @TempDir
    static Path tmp;

    static ExecutorService worker;

    interface Parser {
        void parse(Path file) throws Exception;
    }

    record Target(String name, String extension, Parser parser, List<byte[]> seeds, boolean text) {
    }

    @BeforeAll
    static void start() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    static List<Target> targets() throws Exception {
        MedicalImage small = image(VoxelType.UINT16, 6, 5, 3), floats = image(VoxelType.FLOAT32, 4, 3, 2);
        MedicalImage rgb = image(VoxelType.RGB, 3, 2, 2), wide = image(VoxelType.UINT8, 40000, 1, 1);
        List<byte[]> nifti = List.of(write(p -> NiftiWriter.write(small, false, p), "nii"),
                write(p -> NiftiWriter.write(floats, true, p), "nii.gz"), write(p -> NiftiWriter.write(rgb, false, p), "nii"),
                write(p -> NiftiWriter.write(wide, false, p), "nii"));
        List<byte[]> meta = List.of(write(p -> MetaImageWriter.write(small, p, false), "mha"),
                write(p -> MetaImageWriter.write(floats, p, true), "mha"));
        List<byte[]> nrrd = List.of(write(p -> NrrdWriter.write(small, p, false), "nrrd"),
                write(p -> NrrdWriter.write(floats, p, true), "nrrd"));
        List<byte[]> rdf = new ArrayList<>();
        for (Path p : List.of(Fixtures.fixture("identity-2d"), Fixtures.fixture("identity-3d"), Fixtures.model("interactive-2d")))
            rdf.add(Files.readAllBytes(p.resolve("rdf.yaml")));
        rdf.add(FORMAT_04.getBytes(StandardCharsets.UTF_8));
        List<byte[]> tiff = tiffSeeds(), png = pngSeeds();
        return List.of(new Target("nifti", "nii", NiftiReader::read, nifti, false),
                new Target("tiff", "tif", org.condseg.ij.ImageFiles::read, tiff, false),
                new Target("png", "png", org.condseg.ij.ImageFiles::read, png, false),
                new Target("metaimage", "mha", MetaImageReader::read, meta, true),
                new Target("nrrd", "nrrd", NrrdReader::read, nrrd, true),
                new Target("rdf", "yaml", ParserFuzzTest::readDescription, rdf, true));
    }

    @TestFactory
    List<DynamicTest> mutatedFilesNeverCrashAParser() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Target t : targets())
            tests.add(DynamicTest.dynamicTest(t.name() + " x " + CASES, () -> fuzz(t)));
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyCrashFoundBeforeStaysFixed() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Target t : targets()) {
            Path dir = Fixtures.repo().resolve("test-data/fuzz").resolve(t.name());
            if (!Files.isDirectory(dir))
                continue;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().toList())
                    tests.add(DynamicTest.dynamicTest(t.name() + "/" + f.getFileName(), () -> {
                        String crash = outcome(t, Files.readAllBytes(f));
                        assertTrue(crash == null, f + ": " + crash);
                    }));
            }
        }
        return tests;
    }

    private void fuzz(Target t) throws Exception {
        Random r = new Random(SEED ^ t.name().hashCode());
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < CASES && crashes.size() < 5; i++) {
            byte[] input = mutate(t.seeds().get(r.nextInt(t.seeds().size())), t.text(), r);
            String crash = outcome(t, input);
            if (crash != null) {
                Path saved = save(t, input);
                crashes.add(saved + ": " + crash);
            }
        }
        if (!crashes.isEmpty())
            fail(t.name() + " parser crashed (copy the inputs to test-data/fuzz/" + t.name() + "/ once fixed):\n"
                    + String.join("\n", crashes));
    }

    /** Null where the parser returned or refused cleanly, else what went wrong. */
    static String outcome(Target t, byte[] input) throws Exception {
        Path dir = Files.createTempDirectory(tmp, t.name());
        Path file = t.name().equals("rdf") ? dir.resolve("rdf.yaml") : dir.resolve("case." + t.extension());
        Files.write(file, input);
        Future<?> f = worker.submit(() -> {
            t.parser().parse(t.name().equals("rdf") ? dir : file);
            return null;
        });
        try {
            f.get(CASE_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            start();
            return "no answer within " + CASE_SECONDS + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof CondSegException)
                return null;
            java.io.StringWriter w = new java.io.StringWriter();
            c.printStackTrace(new java.io.PrintWriter(w));
            return w.toString().lines().limit(6).reduce((a, b) -> a + "\n    " + b).orElse(c.toString());
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList())
                    Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** TIFF seeds: ImageJ's own (a float image, a stack), and hand-built Deflate, LZW and PackBits strips. */
    static List<byte[]> tiffSeeds() throws Exception {
        List<byte[]> out = new ArrayList<>();
        ij.process.FloatProcessor fp = new ij.process.FloatProcessor(7, 5);
        for (int i = 0; i < 35; i++)
            fp.setf(i, i);
        out.add(write(p -> new ij.io.FileSaver(new ij.ImagePlus("f", fp)).saveAsTiff(p.toString()), "tif"));
        ij.ImageStack stack = new ij.ImageStack(6, 4);
        for (int z = 0; z < 3; z++)
            stack.addSlice(new ij.process.ShortProcessor(6, 4));
        out.add(write(p -> new ij.io.FileSaver(new ij.ImagePlus("s", stack)).saveAsTiffStack(p.toString()), "tif"));
        byte[] pixels = org.condseg.io.tiff.TiffBytes.pattern(23, 17, 1);
        out.add(org.condseg.io.tiff.TiffBytes.gray(23, 17, 5, org.condseg.io.tiff.TiffBytes.DEFLATE,
                org.condseg.io.tiff.TiffBytes.strips(pixels, 23, 5, org.condseg.io.tiff.TiffBytes::deflate)));
        out.add(org.condseg.io.tiff.TiffBytes.gray(23, 17, 5, org.condseg.io.tiff.TiffBytes.LZW,
                org.condseg.io.tiff.TiffBytes.strips(pixels, 23, 5, org.condseg.io.tiff.TiffBytes::lzw)));
        out.add(org.condseg.io.tiff.TiffBytes.gray(23, 17, 5, org.condseg.io.tiff.TiffBytes.PACKBITS,
                org.condseg.io.tiff.TiffBytes.strips(pixels, 23, 5, org.condseg.io.tiff.TiffBytes::packBits)));
        out.add(org.condseg.io.tiff.TiffBytes.build(23, 17, 17, org.condseg.io.tiff.TiffBytes.NONE, List.of(pixels), 3, 0));
        return out;
    }

    /** PNG seeds written by ImageJ: 8-bit grey, 16-bit grey and RGB. */
    static List<byte[]> pngSeeds() throws Exception {
        List<byte[]> out = new ArrayList<>();
        ij.process.ByteProcessor bp = new ij.process.ByteProcessor(9, 7);
        for (int i = 0; i < 63; i++)
            bp.set(i, i * 4);
        ij.process.ShortProcessor sp = new ij.process.ShortProcessor(5, 4);
        for (int i = 0; i < 20; i++)
            sp.set(i, i * 3000);
        ij.process.ColorProcessor cp = new ij.process.ColorProcessor(4, 3);
        for (int i = 0; i < 12; i++)
            cp.set(i, i * 0x102030);
        for (ij.process.ImageProcessor ip : List.of(bp, sp, cp))
            out.add(write(p -> new ij.io.FileSaver(new ij.ImagePlus("p", ip)).saveAsPng(p.toString()), "png"));
        return out;
    }

    static void readDescription(Path folder) throws Exception {
        ModelPackageReader.read(folder);
    }

    static Path save(Target t, byte[] input) throws Exception {
        Path dir = Fixtures.repo().resolve("target/fuzz-crashes").resolve(t.name());
        Files.createDirectories(dir);
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(input)).substring(0, 12);
        Path p = dir.resolve("crash-" + sha + "." + t.extension());
        Files.write(p, input);
        return p;
    }

    // ---- mutations

    static final long[] INTERESTING = {0, 1, -1, 2, 7, 8, 255, 256, 32767, -32768, 65535, 65536, Integer.MAX_VALUE,
            Integer.MIN_VALUE, 0x7fffffffffffffffL, 0x8000000000000000L, 1L << 40};
    static final String[] NUMBERS = {"0", "-1", "1", "-2147483648", "2147483647", "4294967296", "99999999999999999999",
            "1e308", "-1e308", "NaN", "inf", "-0", "0.0", "1e-320", "007", "", "1 2 3 4 5 6 7 8 9"};
    static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e-?\\d+)?");

    static byte[] mutate(byte[] seed, boolean text, Random r) throws IOException {
        boolean gzip = seed.length > 2 && (seed[0] & 0xff) == 0x1f && (seed[1] & 0xff) == 0x8b;
        if (gzip && r.nextInt(3) > 0)
            return gzip(mutate(gunzip(seed), text, r));
        byte[] b = seed.clone();
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds; k++)
            b = once(b, text, r);
        return b;
    }

    private static byte[] once(byte[] b, boolean text, Random r) {
        if (b.length == 0)
            return new byte[] {(byte) r.nextInt()};
        int at = r.nextInt(b.length);
        switch (r.nextInt(text ? 9 : 6)) {
            case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b[at] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
            case 2 -> {
                int width = new int[] {2, 4, 8}[r.nextInt(3)];
                if (at + width <= b.length) {
                    ByteBuffer bb = ByteBuffer.wrap(b).order(r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                    long v = INTERESTING[r.nextInt(INTERESTING.length)];
                    if (width == 2)
                        bb.putShort(at, (short) v);
                    else if (width == 4)
                        bb.putInt(at, (int) v);
                    else
                        bb.putLong(at, v);
                }
            }
            case 3 -> b = java.util.Arrays.copyOf(b, at);
            case 4 -> {
                int from = r.nextInt(b.length), len = Math.min(b.length - from, 1 + r.nextInt(64));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, from, out, at, len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
            case 5 -> {
                for (int i = 0; i < 1 + r.nextInt(16) && at + i < b.length; i++)
                    b[at + i] = (byte) r.nextInt();
            }
            default -> b = text(b, r);
        }
        return b;
    }

    /** Text mutations of the header part: numbers replaced, lines dropped or doubled, keys mangled. */
    private static byte[] text(byte[] b, Random r) {
        int end = indexOf(b, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
        int headerEnd = end < 0 ? Math.min(b.length, 1 << 16) : end;
        String header = new String(b, 0, headerEnd, StandardCharsets.ISO_8859_1);
        String rest = new String(b, headerEnd, b.length - headerEnd, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(header.split("\n", -1)));
        int li = r.nextInt(lines.size());
        switch (r.nextInt(4)) {
            case 0 -> {
                Matcher m = NUMBER.matcher(lines.get(li));
                List<int[]> spans = new ArrayList<>();
                while (m.find())
                    spans.add(new int[] {m.start(), m.end()});
                if (!spans.isEmpty()) {
                    int[] s = spans.get(r.nextInt(spans.size()));
                    String l = lines.get(li);
                    lines.set(li, l.substring(0, s[0]) + NUMBERS[r.nextInt(NUMBERS.length)] + l.substring(s[1]));
                }
            }
            case 1 -> lines.remove(li);
            case 2 -> lines.add(li, lines.get(li));
            default -> {
                String l = lines.get(li);
                int c = l.isEmpty() ? 0 : r.nextInt(l.length());
                String junk = new String[] {":", " = ", "&a", "*a", "[", "{", "\"", "'", "- ", "\t", "\u0000", "!!python/object"}[r.nextInt(12)];
                lines.set(li, l.substring(0, c) + junk + l.substring(c));
            }
        }
        return (String.join("\n", lines) + rest).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++)
                if (b[i + k] != what[k])
                    continue outer;
            return i;
        }
        return -1;
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] b) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes();
    }

    // ---- seeds

    interface Writer {
        void write(Path p) throws Exception;
    }

    static byte[] write(Writer w, String ext) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "seed");
        Path p = dir.resolve("seed." + ext);
        w.write(p);
        return Files.readAllBytes(p);
    }

    static MedicalImage image(VoxelType type, int w, int h, int d) {
        return new MedicalImage(TestVolumes.random(type, w, h, d, 1), new Calibration(new double[] {0.5, 0.7, 2}, "mm",
                new double[] {-3, 4, 10}), TestVolumes.OBLIQUE, null, List.of());
    }

    static final String FORMAT_04 = """
            format_version: 0.4.10
            type: model
            name: old
            inputs:
              - name: raw
                axes: bcyx
                data_type: float32
                shape: {min: [1, 1, 16, 16], step: [0, 0, 16, 16]}
                preprocessing:
                  - name: scale_range
                    kwargs: {min_percentile: 1, max_percentile: 99.8, mode: per_sample, axes: xy}
                  - name: zero_mean_unit_variance
                    kwargs: {mode: fixed, mean: [1.5], std: [2.0]}
            outputs:
              - name: out
                axes: bcyx
                data_type: float32
                shape: {reference_tensor: raw, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}
                postprocessing:
                  - name: sigmoid
            test_inputs: [in.npy]
            test_outputs: [out.npy]
            weights:
              onnx: {source: w.onnx, sha256: 0000000000000000000000000000000000000000000000000000000000000000}
            config:
              condseg:
                task: interactive
                tile: [64, 64]
                overlap: 0.25
                conditions:
                  - {channel: 0, kind: positive, encoding: gaussian, sigma: 3.0}
                output: {activation: sigmoid, threshold: 0.5}
            """;
}
