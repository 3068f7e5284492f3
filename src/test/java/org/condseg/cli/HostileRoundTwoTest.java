package org.condseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.condseg.Fixtures;
import org.condseg.ij.ImageFiles;
import org.condseg.io.tiff.TiffBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/**
 * The second round of hostile inputs and faults (issue 18), each through the command line: decompression
 * bombs, corrupt strips and looping directories in TIFF files, PNG and NIfTI files declaring more than a
 * heap holds, infinite NIfTI scaling, numeric options out of bounds, outputs that are inputs, picocli's
 * own errors and control characters in file names. Every case: its documented exit code, one line on
 * standard error, no stack trace, no output file, the input unchanged, within seconds.
 */
class HostileRoundTwoTest extends CapturedCli {

    @TempDir
    Path tmp;

    /** Runs segment on {@code in} with a click; returns the exit code after checking the one-line rule. */
    int segment(Path in, Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("segment", "--model", Fixtures.model("interactive-2d").toString(), "--input",
                in.toString(), "--output", out.toString(), "--point", "1,1"));
        args.addAll(List.of(extra));
        byte[] before = Files.isRegularFile(in) ? Files.readAllBytes(in) : null;
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(args.toArray(String[]::new)));
        if (code != 0) {
            assertEquals(1, errText().lines().count(), errText());
            assertTrue(errText().startsWith("condseg: error: "), errText());
            assertFalse(errText().contains("\tat "), errText());
            assertFalse(Files.exists(out), "no output");
        }
        if (before != null)
            assertArrayEquals(before, Files.readAllBytes(in), "the input is unchanged");
        return code;
    }

    Path file(String name, byte[] bytes) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    @Test
    void tiffBombsCorruptStripsAndLoopsExitThree() throws Exception {
        byte[] zeros = new byte[64 * 64];
        List<Path> hostile = List.of(
                file("bomb.tif", TiffBytes.gray(64, 64, 64, TiffBytes.DEFLATE, List.of(TiffBytes.deflateZeros(512L << 20)))),
                file("lzw-garbage.tif", TiffBytes.gray(64, 64, 64, TiffBytes.LZW, List.of(garbage(2000)))),
                file("lzw-short.tif", TiffBytes.gray(64, 64, 64, TiffBytes.LZW, List.of(TiffBytes.lzw(Arrays.copyOf(zeros, 900))))),
                file("packbits-short.tif", TiffBytes.gray(64, 64, 64, TiffBytes.PACKBITS, List.of(TiffBytes.packBits(new byte[1000])))),
                file("loop.tif", TiffBytes.build(64, 64, 64, TiffBytes.NONE, List.of(zeros), 1, -2)));
        for (Path in : hostile) {
            long start = System.nanoTime();
            assertEquals(3, segment(in, tmp.resolve("out.tif")), in + ": " + errText());
            assertTrue(errText().contains(in.toString()), errText());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), in + " took too long");
        }
    }

    @Test
    void honestCompressedTiffsReadAsWritten() throws Exception {
        byte[] pixels = TiffBytes.pattern(97, 61, 4);
        for (int c : new int[] {TiffBytes.DEFLATE, TiffBytes.LZW, TiffBytes.PACKBITS}) {
            java.util.function.UnaryOperator<byte[]> enc = c == TiffBytes.DEFLATE ? TiffBytes::deflate
                    : c == TiffBytes.LZW ? TiffBytes::lzw : TiffBytes::packBits;
            Path in = file("ok-" + c + ".tif", TiffBytes.gray(97, 61, 8, c, TiffBytes.strips(pixels, 97, 8, enc)));
            ImagePlus imp = ImageFiles.read(in);
            assertArrayEquals(pixels, (byte[]) imp.getProcessor().getPixels(), "compression " + c);
        }
    }

    @Test
    void aPngDeclaringMoreThanTheHeapIsRefusedBeforeDecoding() throws Exception {
        int size = 20_000; // 400 MB of honest zeros in about 400 KB: ImageIO and ImageJ would need 3.6 GB
        Path in = file("huge.png", png(size, size));
        assertEquals(3, segment(in, tmp.resolve("out.tif")), errText());
        assertTrue(errText().contains("-Xmx"), errText());
        Path lying = file("lying.png", png(20_000, 20_000, 64));
        assertEquals(3, segment(lying, tmp.resolve("out.tif")), errText());
        assertTrue(errText().contains("compressed image data"), errText());
    }

    @Test
    void anInfiniteNiftiScaleIsRefused() throws Exception {
        Path valid = tmp.resolve("valid.nii.gz");
        org.condseg.io.nifti.NiftiWriter.write(HostileInputsTest.image(false), false, valid);
        byte[] nii = Files.readAllBytes(valid);
        byte[] raw = new GZIPInputStream(new java.io.ByteArrayInputStream(nii)).readAllBytes();
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putFloat(112, Float.POSITIVE_INFINITY);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(raw);
        }
        Path in = file("inf-slope.nii.gz", gz.toByteArray());
        assertEquals(3, segment(in, tmp.resolve("out.nii.gz")), errText());
        assertTrue(errText().contains("scl_slope"), errText());
    }

    @Test
    void numericOptionsOutOfBoundsAreOneLineUsageErrors() throws Exception {
        Path in = image("in.tif");
        Path out = tmp.resolve("out.tif");
        for (String[] bad : new String[][] {{"--threads", "10000"}, {"--threads", "-1"}, {"--overlap", "NaN"}, {"--overlap", "1"},
                {"--overlap", "-0.5"}, {"--overlap", "Infinity"}, {"--samples", "0"}, {"--samples", "1000000"},
                {"--cascade", "--cascade-factor", "100000"}}) {
            assertEquals(2, segment(in, out, bad), String.join(" ", bad) + ": " + errText());
            assertTrue(errText().contains(bad[0].equals("--cascade") ? "--cascade-factor" : bad[0]), errText());
        }
    }

    @Test
    void picocliErrorsAreOneLineNamingTheCommand() throws Exception {
        assertEquals(2, run("segment", "--bogus"));
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().contains("'java -jar condseg.jar segment --help'"), errText());
        assertEquals(2, run("models", "import", "--bogus", "x"));
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().contains("'java -jar condseg.jar models import --help'"), errText());
        assertEquals(2, run("segment", "--threads", "many"));
        assertEquals(1, errText().lines().count(), errText());
    }

    @Test
    void controlCharactersInFileNamesAreEscaped() throws Exception {
        Path in = tmp.resolve("a\nb\u001b[31m.tif");
        assertEquals(3, segment(in, tmp.resolve("out.tif")), errText());
        assertTrue(errText().contains("a\\nb\\x1b[31m.tif"), errText());
    }

    @Test
    void noOutputIsAnInputOrAnotherOutput() throws Exception {
        Path in = image("in.tif");
        Path truth = image("truth.tif");
        byte[] before = Files.readAllBytes(in);
        assertEquals(2, run("evaluate", "--prediction", in.toString(), "--truth", truth.toString(), "--csv", in.toString()));
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().contains("--csv"), errText());
        // through a symbolic link to the input
        Path link = Files.createSymbolicLink(tmp.resolve("link.tif"), in);
        assertEquals(2, run("evaluate", "--prediction", in.toString(), "--truth", truth.toString(), "--csv", link.toString()));
        // an image inside compared folders
        Path pred = Files.createDirectories(tmp.resolve("pred")), truths = Files.createDirectories(tmp.resolve("truths"));
        Files.copy(in, pred.resolve("a.tif"));
        Files.copy(truth, truths.resolve("a.tif"));
        assertEquals(2, run("evaluate", "--prediction", pred.toString(), "--truth", truths.toString(), "--csv",
                truths.resolve("a.tif").toString()));
        assertArrayEquals(before, Files.readAllBytes(in));
        assertArrayEquals(before, Files.readAllBytes(pred.resolve("a.tif")));
        Path out = tmp.resolve("o.tif");
        assertEquals(2, segment(in, out, "--probabilities", out.toString()));
        assertTrue(errText().contains("also --output"), errText());
        assertEquals(2, segment(in, out, "--uncertainty", link.toString()));
        assertEquals(2, segment(in, out, "--sample-masks", tmp.resolve(".").resolve("in.tif").toString()));
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void aSegmentLeavesNoStaleTemporaryFilesOfItsOutputs() throws Exception {
        Path in = image("in.tif");
        Path out = tmp.resolve("o.tif");
        Path stale = file(".o.tif.123456789.part.tif", new byte[10]);
        Path other = file(".other.tif.123456789.part.tif", new byte[10]);
        assertEquals(0, segment(in, out, "--probabilities", tmp.resolve("p.nii.gz").toString()), errText());
        assertTrue(Files.exists(out) && Files.exists(tmp.resolve("p.nii.gz")));
        assertFalse(Files.exists(stale), "the killed run's temporary file is removed");
        assertTrue(Files.exists(other), "another output's temporary file is kept");
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().contains(".part")).count());
        }
    }

    @Test
    void aHeapTooSmallForTheJobIsRefusedBeforeWork() throws Exception {
        // 512 x 512 x 40, as in the issue: with -Xmx96m reading fits, segmenting does not
        ij.ImageStack stack = new ij.ImageStack(512, 512);
        for (int z = 0; z < 40; z++)
            stack.addSlice(new ByteProcessor(512, 512));
        Path in = tmp.resolve("vol.tif");
        new FileSaver(new ImagePlus("vol", stack)).saveAsTiffStack(in.toString());
        Path out = tmp.resolve("vol-labels.tif");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-Dai.djl.offline=true", "org.condseg.cli.Main", "segment", "--model", Fixtures.model("interactive-2d").toString(),
                "--input", in.toString(), "--output", out.toString(), "--box", "10,10,50,50")
                .redirectErrorStream(true);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("-Xmx96m") && text.contains("segment it"), text);
        assertFalse(Files.exists(out));
        // a 160 KB .nii.gz honestly holding 160 MB of zeros: refused before reading with this heap
        Path nii = tmp.resolve("small.nii");
        org.condseg.io.nifti.NiftiWriter.write(HostileInputsTest.image(false), false, nii);
        byte[] header = Arrays.copyOf(Files.readAllBytes(nii), 352);
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putShort(42, (short) 400).putShort(44, (short) 500).putShort(46, (short) 200);
        Path big = tmp.resolve("big.nii.gz");
        try (GZIPOutputStream g = new GZIPOutputStream(Files.newOutputStream(big))) {
            g.write(header);
            byte[] zeros = new byte[1 << 20];
            for (long left = 400L * 500 * 200 * 4; left > 0; left -= zeros.length)
                g.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
        pb.command().set(pb.command().indexOf(in.toString()), big.toString());
        p = pb.start();
        text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("big.nii.gz") && text.contains("to read it") && text.contains("-Xmx96m"), text);
        assertFalse(Files.exists(out));
        // a heap too small for anything: the OutOfMemoryError that comes anyway is one line, exit code 5, nothing written
        Path small = tmp.resolve("small.tif");
        ij.ImageStack few = new ij.ImageStack(64, 64);
        for (int z = 0; z < 8; z++)
            few.addSlice(new ByteProcessor(64, 64));
        new FileSaver(new ImagePlus("small", few)).saveAsTiffStack(small.toString());
        pb.command().set(pb.command().indexOf("-Xmx96m"), "-Xmx16m");
        pb.command().set(pb.command().indexOf(big.toString()), small.toString());
        pb.command().addAll(List.of("--probabilities", tmp.resolve("small-p.tif").toString()));
        p = pb.start();
        text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(p.exitValue() == 5 || p.exitValue() == 3, p.exitValue() + ": " + text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("condseg: error: ") && text.contains("-Xmx"), text);
        assertFalse(Files.exists(out) || Files.exists(tmp.resolve("small-p.tif")));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".part")), "no temporary file left");
        }
    }

    @Test
    void aModelAnsweringInfinityFailsWithExitFiveNamingIt() throws Exception {
        // the identity fixture behind a scaling that overflows float: the network's answer is infinite
        Path model = Files.createDirectories(tmp.resolve("overflow-2d"));
        try (var s = Files.list(Fixtures.fixture("identity-2d"))) {
            for (Path p : s.toList())
                Files.copy(p, model.resolve(p.getFileName()));
        }
        String rdf = Files.readString(model.resolve("rdf.yaml"));
        int at = rdf.indexOf("    data: {type: float32}") + "    data: {type: float32}\n".length();
        rdf = rdf.substring(0, at) + "    preprocessing:\n      - id: scale_linear\n        kwargs: {gain: 1.0e+38, offset: 0}\n"
                + rdf.substring(at);
        Files.writeString(model.resolve("rdf.yaml"), rdf);
        Path in = image("in.tif"), out = tmp.resolve("o.tif");
        int code = run("segment", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(5, code, errText());
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().contains("NaN or infinite") && errText().contains("overflow-2d: output 0"), errText());
        assertFalse(Files.exists(out));
    }

    @Test
    void graphsDisagreeingWithTheirDescriptionAreRefusedAtLoad() throws Exception {
        Path in = image("in.tif");
        for (String[] c : new String[][] {{"zero-size-2d", "fixed size of 0"}, {"rank2-output-2d", "has 2 axes, the description declares 4"}}) {
            Path out = tmp.resolve(c[0] + ".tif");
            assertEquals(4, run("segment", "--model", Fixtures.fixture(c[0]).toString(), "--input", in.toString(), "--output",
                    out.toString()), errText());
            assertEquals(1, errText().lines().count(), errText());
            assertTrue(errText().contains(c[1]), errText());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void tileSetsTheTileSizeOfAModelWithoutACondition() throws Exception {
        Path in = image("in.tif");
        String model = Fixtures.fixture("identity-2d").toString();
        Path own = tmp.resolve("own.tif"), tiled = tmp.resolve("tiled.tif");
        assertEquals(0, run("segment", "--model", model, "--input", in.toString(), "--output", own.toString(),
                "--probabilities", tmp.resolve("own-p.tif").toString()), errText());
        assertEquals(0, run("segment", "--model", model, "--input", in.toString(), "--output", tiled.toString(), "--tile", "16,16",
                "--probabilities", tmp.resolve("tiled-p.tif").toString()), errText());
        ImagePlus p = ImageFiles.read(tmp.resolve("tiled-p.tif")), q = ImageFiles.read(tmp.resolve("own-p.tif"));
        float[] a = (float[]) p.getProcessor().getPixels(), b = (float[]) q.getProcessor().getPixels();
        for (int i = 0; i < a.length; i++)
            assertEquals(b[i], a[i], 1e-6 * Math.max(1, Math.abs(b[i])), "an identity model gives the same answer for any tiling");
        String provenance = String.valueOf(new ij.io.Opener().openImage(tiled.toString()).getProp("condseg.provenance"));
        assertTrue(provenance.replace(" ", "").contains("\"tile\":[16,16]"), provenance);
        String ownTile = String.valueOf(new ij.io.Opener().openImage(own.toString()).getProp("condseg.provenance"));
        assertFalse(ownTile.replace(" ", "").contains("\"tile\":[16,16]"), ownTile);
        // bounds and fit: one-line usage errors
        for (String bad : new String[] {"0,16", "16", "16,16,16,16", "a,b", "99999,16", "16,16,16"}) {
            assertEquals(2, run("segment", "--model", model, "--input", in.toString(), "--output", tmp.resolve("x.tif").toString(),
                    "--tile", bad), bad + ": " + errText());
            assertEquals(1, errText().lines().count(), errText());
            assertTrue(errText().contains("--tile"), errText());
        }
        assertEquals(2, segment(in, tmp.resolve("x.tif"), "--tile", "32,32"), "an interactive model is not tiled");
        assertTrue(errText().contains("not tiled"), errText());
    }

    Path image(String name) throws Exception {
        ByteProcessor bp = new ByteProcessor(40, 30);
        for (int i = 0; i < 40 * 30; i++)
            bp.set(i, (i % 40) > 20 ? 200 : 10);
        Path f = tmp.resolve(name);
        new FileSaver(new ImagePlus(name, bp)).saveAsTiff(f.toString());
        return f;
    }

    static byte[] garbage(int n) {
        byte[] b = new byte[n];
        new java.util.Random(5).nextBytes(b);
        b[0] = (byte) 0x80; // a clear code first, then garbage
        return b;
    }

    /** An 8-bit grey PNG of zeros; {@code keepIdat} > 0 cuts its compressed data to that many bytes. */
    static byte[] png(int w, int h, int... keepIdat) throws Exception {
        Deflater d = new Deflater(9);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[w + 1], buf = new byte[1 << 16];
        for (int y = 0; y < h; y++) {
            d.setInput(row);
            while (!d.needsInput())
                idat.write(buf, 0, d.deflate(buf));
        }
        d.finish();
        while (!d.finished())
            idat.write(buf, 0, d.deflate(buf));
        d.end();
        byte[] data = idat.toByteArray();
        if (keepIdat.length > 0)
            data = Arrays.copyOf(data, keepIdat[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0)
                .put((byte) 0).array());
        chunk(out, "IDAT", data);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        b.putInt((int) crc.getValue());
        out.writeBytes(b.array());
    }
}
