package org.condseg.io.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.condseg.io.medical.AtomicFiles;
import org.condseg.model.UsageException;


/**
 * The outputs of one run, appearing together or not at all: each image is written to a temporary file
 * beside its target ({@code .<name>.<digits>.part.<ext>}), and only {@link #commit} renames them into
 * place, one after the other; closing without a commit (a failure, an {@link OutOfMemoryError}, a
 * cancel) deletes them. {@link #abandonAll} (the front end's signal handler) lets a write in progress
 * end, deletes the files of every open set and makes their commits fail. MetaImage {@code .mhd} outputs, whose header names their data
 * file, are written in place and deleted again where the set is not committed.
 *
 * <pre>{@code
 * try (OutputSet out = new OutputSet()) {
 *     out.write(labels, Path.of("a-labels.tif"));
 *     out.write(probabilities, Path.of("a-prob.nii.gz"));
 *     out.commit();
 * }
 * }</pre>
 */
public final class OutputSet implements AutoCloseable {

    private static final Set<OutputSet> OPEN = Collections.newSetFromMap(new IdentityHashMap<>());

    private final List<Path[]> staged = new ArrayList<>();
    private final List<Path> direct = new ArrayList<>();
    private boolean committed, abandoned;
    private int writing;

    public OutputSet() {
        synchronized (OPEN) {
            OPEN.add(this);
        }
    }

    /** Writes {@code image} as {@code target}'s temporary file (or {@code target} itself for {@code .mhd}). */
    public void write(OutputImage image, Path target) throws IOException, UsageException {
        String ext = ImageFormats.extension(target);
        if (ext.equals("mhd")) {
            synchronized (this) {
                check();
                direct.add(target);
                writing++;
            }
            try {
                ImageFormats.write(image, target);
            } catch (java.nio.file.FileSystemException e) {
                throw e;
            } catch (IOException e) {
                throw named(e, target, target);
            } finally {
                written();
            }
            return;
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = AtomicFiles.temporary(dir, target.getFileName().toString(), ".part." + ext);
        synchronized (this) {
            staged.add(new Path[] {tmp, target});
            check();
            writing++;
        }
        try {
            ImageFormats.write(image, tmp);
        } catch (java.nio.file.FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw named(e, tmp, target);
        } finally {
            written();
        }
    }

    /** A write error without a file (a full disk) naming the output, not its temporary file. */
    private static IOException named(IOException e, Path tmp, Path target) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith(tmp.toString()))
            return new IOException(target + m.substring(tmp.toString().length()), e);
        return m.startsWith(target.toString()) ? e : new IOException(target + ": " + m, e);
    }

    private synchronized void written() {
        writing--;
        notifyAll();
    }

    /** Renames every written file into place; where one rename fails, those already renamed are removed. */
    public synchronized void commit() throws IOException {
        check();
        List<Path> done = new ArrayList<>();
        try {
            for (Path[] s : staged) {
                Files.move(s[0], s[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                done.add(s[1]);
            }
        } catch (IOException e) {
            for (Path p : done)
                Files.deleteIfExists(p);
            throw e;
        }
        committed = true;
    }

    @Override
    public void close() {
        synchronized (OPEN) {
            OPEN.remove(this);
        }
        discard();
    }

    /** Deletes the uncommitted files of every open set and makes their commits fail (for a signal handler). */
    public static void abandonAll() {
        List<OutputSet> open;
        synchronized (OPEN) {
            open = new ArrayList<>(OPEN);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        for (OutputSet s : open) {
            synchronized (s) {
                s.abandoned = true;
                // a write in progress ends first (its own temporary file is renamed to ours or removed)
                while (s.writing > 0 && System.currentTimeMillis() < deadline) {
                    try {
                        s.wait(Math.max(1, deadline - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            s.discard();
        }
    }

    private void check() throws IOException {
        if (abandoned)
            throw new java.io.InterruptedIOException("cancelled");
    }

    private synchronized void discard() {
        if (committed)
            return;
        for (Path[] s : staged)
            deleteQuietly(s[0]);
        for (Path p : direct) {
            deleteQuietly(p);
            String base = p.getFileName().toString().replaceFirst("(?i)\\.mhd$", "");
            deleteQuietly(p.resolveSibling(base + ".raw"));
            deleteQuietly(p.resolveSibling(base + ".zraw"));
        }
    }

    /**
     * Deletes the temporary files ({@code .<name>.<digits>.part…}) that a killed run left beside these targets;
     * returns how many.
     */
    public static int cleanStale(List<Path> targets) {
        int removed = 0;
        for (Path t : targets) {
            if (t == null)
                continue;
            Path dir = t.toAbsolutePath().getParent();
            String prefix = "." + t.getFileName().toString() + ".";
            if (dir == null || !Files.isDirectory(dir))
                continue;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.part*")) {
                for (Path p : s) {
                    String n = p.getFileName().toString().replaceFirst("^\\.+", ".");
                    if (n.startsWith(prefix) && n.substring(prefix.length()).matches("\\d+\\.part(\\..*)?") && Files.isRegularFile(p)) {
                        Files.deleteIfExists(p);
                        removed++;
                    }
                }
            } catch (IOException e) {
                // a folder we cannot list holds nothing we could remove
            }
        }
        return removed;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // nothing more can be done about a file that cannot be deleted
        }
    }
}
