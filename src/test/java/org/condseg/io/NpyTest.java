package org.condseg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.condseg.Fixtures;
import org.condseg.model.InputException;
import org.condseg.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path tmp;

    @Test
    void roundTrips() throws Exception {
        Tensor t = new Tensor("x", new long[] {2, 3, 5}, new float[30]);
        for (int i = 0; i < 30; i++)
            t.data()[i] = i * 0.5f - 3;
        Path f = tmp.resolve("t.npy");
        Npy.write(t, f);
        Tensor back = Npy.read(f, "x");
        assertArrayEquals(t.shape(), back.shape());
        assertArrayEquals(t.data(), back.data());
    }

    @Test
    void readsNumpyWrittenFiles() throws Exception {
        Tensor t = Npy.read(Fixtures.fixture("identity-2d").resolve("test-input.npy"), "input");
        assertArrayEquals(new long[] {1, 1, 8, 8}, t.shape());
        assertTrue(t.data()[0] >= 0 && t.data()[0] < 1);
    }

    @Test
    void refusesTruncatedAndHugeDeclarations() throws Exception {
        byte[] good = Files.readAllBytes(Fixtures.fixture("identity-2d").resolve("test-input.npy"));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(good, good.length - 10));
        InputException e = assertThrows(InputException.class, () -> Npy.read(cut, "x"));
        assertTrue(e.getMessage().contains("more than the file holds"), e.getMessage());
        String header = new String(good, 10, 118, java.nio.charset.StandardCharsets.ISO_8859_1);
        Path huge = tmp.resolve("huge.npy");
        byte[] h = good.clone();
        byte[] patched = header.replace("(1, 1, 8, 8)", "(99999, 99999, 9, 9)").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(patched, 0, h, 10, Math.min(patched.length, 118));
        Files.write(huge, h);
        assertThrows(InputException.class, () -> Npy.read(huge, "x"));
        Path junk = tmp.resolve("junk.npy");
        Files.writeString(junk, "not numpy at all");
        assertThrows(InputException.class, () -> Npy.read(junk, "x"));
    }
}
