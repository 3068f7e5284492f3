package org.condseg.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.condseg.model.ModelPackageException;

/**
 * The entries of a ZIP file as its central directory lists them, with what {@link java.util.zip.ZipFile}
 * does not tell: whether an entry is a symbolic link (Unix mode in the external attributes). ZIP64
 * archives and archives with a comment hiding the end record are refused; model packages need neither.
 *
 * <pre>{@code
 * for (ZipListing.Entry e : ZipListing.read(Path.of("model.zip"), 1000)) { ... }
 * }</pre>
 */
final class ZipListing {

    /** One central directory entry. */
    record Entry(String name, long compressedSize, long size, boolean symlink, boolean directory) {
    }

    private static final int END = 0x06054b50, CENTRAL = 0x02014b50;

    private ZipListing() {
    }

    static List<Entry> read(Path zip, int maxEntries) throws ModelPackageException {
        try (SeekableByteChannel ch = Files.newByteChannel(zip)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 22 + 65535);
            ByteBuffer t = read(ch, size - tail, tail);
            int end = -1;
            for (int i = tail - 22; i >= 0; i--)
                if (t.getInt(i) == END) {
                    end = i;
                    break;
                }
            if (end < 0)
                throw new ModelPackageException(zip, "is not a ZIP file (no end of central directory)");
            int count = t.getShort(end + 10) & 0xffff;
            long cdSize = t.getInt(end + 12) & 0xffffffffL, cdOffset = t.getInt(end + 16) & 0xffffffffL;
            if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL)
                throw new ModelPackageException(zip, "is a ZIP64 archive; model packages are plain ZIP files under 4 GiB");
            if (count > maxEntries)
                throw new ModelPackageException(zip, "holds " + count + " entries, more than " + maxEntries);
            if (cdOffset + cdSize > size || cdSize > 64L << 20)
                throw new ModelPackageException(zip, "has a central directory outside the file (truncated or damaged ZIP)");
            ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
            List<Entry> out = new ArrayList<>();
            int p = 0;
            for (int i = 0; i < count; i++) {
                if (p + 46 > cdSize || cd.getInt(p) != CENTRAL)
                    throw new ModelPackageException(zip, "has a damaged central directory (entry " + i + ")");
                int madeBy = (cd.getShort(p + 4) & 0xffff) >> 8;
                long compressed = cd.getInt(p + 20) & 0xffffffffL, uncompressed = cd.getInt(p + 24) & 0xffffffffL;
                int nameLen = cd.getShort(p + 28) & 0xffff, extraLen = cd.getShort(p + 30) & 0xffff,
                        commentLen = cd.getShort(p + 32) & 0xffff;
                long external = cd.getInt(p + 38) & 0xffffffffL;
                if (p + 46 + nameLen > cdSize)
                    throw new ModelPackageException(zip, "has a damaged central directory (entry " + i + ")");
                byte[] name = new byte[nameLen];
                cd.get(p + 46, name);
                String n = new String(name, StandardCharsets.UTF_8);
                boolean symlink = madeBy == 3 && ((external >>> 16) & 0170000) == 0120000;
                out.add(new Entry(n, compressed, uncompressed, symlink, n.endsWith("/")));
                p += 46 + nameLen + extraLen + commentLen;
            }
            return out;
        } catch (IOException e) {
            throw new ModelPackageException(zip, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(SeekableByteChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        ch.position(at);
        while (b.hasRemaining() && ch.read(b) > 0) {
            // reading
        }
        if (b.hasRemaining())
            throw new IOException("ends early");
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }
}
