package org.condseg.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File checksums.
 *
 * <pre>{@code
 * String hex = Checksums.sha256(Path.of("model.onnx"));
 * }</pre>
 */
public final class Checksums {

    private Checksums() {
    }

    /** The lower-case hex sha256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;)
                md.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
