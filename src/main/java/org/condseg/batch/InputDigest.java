package org.condseg.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sha256 of an input as resume compares it: of a file's bytes, or for a folder (a DICOM series) of
 * its regular files' names and bytes in name order; and of short texts.
 *
 * <pre>{@code
 * String hex = InputDigest.of(Path.of("ct.nii.gz"));
 * }</pre>
 */
public final class InputDigest {

    private InputDigest() {
    }

    public static String of(Path input) throws IOException {
        MessageDigest md = sha256();
        byte[] buffer = new byte[1 << 16];
        if (Files.isDirectory(input)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(input)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                update(md, f, buffer);
            }
        } else {
            update(md, input, buffer);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The sha256 of a text's UTF-8 bytes. */
    public static String ofText(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void update(MessageDigest md, Path file, byte[] buffer) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;)
                md.update(buffer, 0, n);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
