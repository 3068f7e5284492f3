package org.condseg.io.medical;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a file through a temporary file in the same folder, renamed into place when complete, so
 * that no output is ever half written; gzip-compressed where asked.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out.nii.gz"), true, out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFiles {

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, boolean gzip, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = temporary(dir, target.getFileName().toString(), ".part");
        try {
            try (OutputStream file = Files.newOutputStream(tmp);
                    OutputStream buffered = new BufferedOutputStream(file, 1 << 16);
                    OutputStream out = gzip ? new GZIPOutputStream(buffered, 1 << 16) : buffered) {
                content.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates an empty temporary file {@code .<name>.<digits><suffix>} in {@code dir}, with the
     * permissions the user's umask gives new files (unlike {@link Files#createTempFile}, which makes
     * them private: an output renamed from it would be unreadable to the user's group).
     */
    public static Path temporary(Path dir, String name, String suffix) throws IOException {
        for (;;) {
            Path p = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong()) + suffix);
            try {
                return Files.createFile(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another writer drew the same number: draw again
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Whether the file starts with the gzip magic bytes. */
    public static boolean isGzip(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
