package org.condseg.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.condseg.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TIFF structure checks on hand-built files: honest Deflate, LZW and PackBits strips (the last one
 * partial) pass; bombs, corrupt and short strips, looping directory chains, counts beyond the file and
 * BigTIFF are refused with an {@link InputException} naming the file, quickly and without allocating
 * what the strip would expand to.
 */
class TiffStripsTest {

    @TempDir
    Path tmp;

    static UnaryOperator<byte[]> encoder(int compression) {
        return switch (compression) {
            case TiffBytes.DEFLATE -> TiffBytes::deflate;
            case TiffBytes.LZW -> TiffBytes::lzw;
            case TiffBytes.PACKBITS -> TiffBytes::packBits;
            default -> b -> b;
        };
    }

    Path write(String name, byte[] bytes) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    InputException refused(String name, byte[] bytes) throws Exception {
        Path f = write(name, bytes);
        return assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(InputException.class, () -> TiffStrips.check(f, TiffDirectories.read(f))));
    }

    @ParameterizedTest
    @ValueSource(ints = {TiffBytes.NONE, TiffBytes.DEFLATE, TiffBytes.LZW, TiffBytes.PACKBITS})
    void honestStripsPass(int compression) throws Exception {
        byte[] pixels = TiffBytes.pattern(301, 77, compression);
        Path f = write("ok.tif", TiffBytes.gray(301, 77, 10, compression, TiffBytes.strips(pixels, 301, 10, encoder(compression))));
        List<TiffDirectories.Ifd> ifds = TiffDirectories.read(f);
        assertEquals(1, ifds.size());
        assertEquals(8, ifds.get(0).stripOffsets().length);
        TiffStrips.check(f, ifds);
    }

    @Test
    void lzwLengthsFollowTheTableAcrossWidthsAndClears() throws Exception {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        for (int i = 0; i < data.length; i += 3)
            data[i] = 7; // repeats and fresh bytes: the table grows to 12 bits and is cleared
        assertEquals(data.length, TiffStrips.lzw(new java.io.ByteArrayInputStream(TiffBytes.lzw(data)), Long.MAX_VALUE));
    }

    @Test
    void aDeflateBombStopsAtTheDeclaredSize() throws Exception {
        byte[] bomb = TiffBytes.deflateZeros(256L << 20); // 256 MiB of zeros in about 250 KB
        InputException e = refused("bomb.tif", TiffBytes.gray(64, 64, 64, TiffBytes.DEFLATE, List.of(bomb)));
        assertTrue(e.getMessage().contains("expands beyond the 4096 bytes"), e.getMessage());
    }

    @Test
    void anLzwBombAndAPackBitsBombAreRefused() throws Exception {
        byte[] zeros = new byte[4 << 20];
        assertTrue(refused("lzw-bomb.tif", TiffBytes.gray(64, 64, 64, TiffBytes.LZW, List.of(TiffBytes.lzw(zeros))))
                .getMessage().contains("expands beyond"));
        assertTrue(refused("pb-bomb.tif", TiffBytes.gray(64, 64, 64, TiffBytes.PACKBITS, List.of(TiffBytes.packBits(zeros))))
                .getMessage().contains("expands beyond"));
    }

    @ParameterizedTest
    @ValueSource(ints = {TiffBytes.DEFLATE, TiffBytes.LZW, TiffBytes.PACKBITS})
    void shortAndGarbageStripsAreErrorsNotZeros(int compression) throws Exception {
        byte[] pixels = TiffBytes.pattern(64, 64, 1);
        byte[] full = encoder(compression).apply(pixels);
        byte[] shortStrip = compression == TiffBytes.PACKBITS ? TiffBytes.packBits(Arrays.copyOf(pixels, 2000))
                : Arrays.copyOf(full, full.length / 2);
        refused("short.tif", TiffBytes.gray(64, 64, 64, compression, List.of(shortStrip)));
        byte[] garbage = new byte[3000];
        new Random(9).nextBytes(garbage);
        if (compression == TiffBytes.LZW)
            garbage[0] = (byte) 0x80; // starts with a clear code (256 in 9 bits), then garbage
        refused("garbage.tif", TiffBytes.gray(64, 64, 64, compression, List.of(garbage)));
    }

    @Test
    void aDirectoryChainThatLoopsIsRefused() throws Exception {
        byte[] pixels = TiffBytes.pattern(8, 8, 2);
        InputException e = refused("loop.tif", TiffBytes.build(8, 8, 8, TiffBytes.NONE, List.of(pixels), 3, -2));
        assertTrue(e.getMessage().contains("loops back"), e.getMessage());
        InputException self = refused("self.tif", TiffBytes.build(8, 8, 8, TiffBytes.NONE, List.of(pixels), 1, -2));
        assertTrue(self.getMessage().contains("loops back"), self.getMessage());
    }

    @Test
    void countsBeyondTheFileAreRefused() throws Exception {
        byte[] pixels = TiffBytes.pattern(8, 8, 2);
        byte[] tif = TiffBytes.build(8, 8, 1, TiffBytes.NONE, TiffBytes.strips(pixels, 8, 1, b -> b), 1, 0);
        ByteBuffer b = ByteBuffer.wrap(tif).order(ByteOrder.LITTLE_ENDIAN);
        int ifd = b.getInt(4);
        b.putInt(ifd + 2 + 5 * 12 + 4, 0x40000000); // StripOffsets: a billion values
        assertTrue(refused("count.tif", tif).getMessage().contains("beyond the file"));
        byte[] next = TiffBytes.build(8, 8, 8, TiffBytes.NONE, List.of(pixels), 1, 0x7fff0000L);
        assertTrue(refused("next.tif", next).getMessage().contains("beyond the file"));
        byte[] big = TiffBytes.gray(8, 8, 8, TiffBytes.NONE, List.of(pixels));
        big[2] = 43;
        assertTrue(refused("big.tif", big).getMessage().contains("BigTIFF"));
    }

    @Test
    void missingStripsAreRefused() throws Exception {
        byte[] pixels = TiffBytes.pattern(16, 16, 2);
        List<byte[]> strips = TiffBytes.strips(pixels, 16, 4, TiffBytes::deflate);
        assertTrue(refused("missing.tif", TiffBytes.gray(16, 16, 4, TiffBytes.DEFLATE, strips.subList(0, 3)))
                .getMessage().contains("need 4"));
    }
}
