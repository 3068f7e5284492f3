package org.condseg.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.condseg.model.OptionKey;
import org.condseg.model.ModelPackageException;
import org.condseg.model.ModelSpec;
import org.condseg.model.UsageException;

/**
 * Installs a bioimage.io model package from a ZIP file into a models folder, safely: every entry must
 * be a relative path inside the package (no {@code ..}, no absolute or drive paths, no backslashes), no
 * symbolic links, at most {@link #MAX_ENTRIES} entries and {@link #MAX_BYTES} unpacked (counted as
 * bytes are written, so an archive lying about its sizes is stopped too). The package is unpacked into
 * a hidden folder beside its destination, read and checked (description, weights checksum, and what the
 * caller's validator adds, such as loading the weights), and only then renamed into place; a refused
 * archive leaves nothing behind. A package whose files all lie in one top folder is taken from it.
 *
 * <pre>{@code
 * Path installed = ModelImport.install(Path.of("nuclei.zip"), Path.of("models"), null, spec -> { });
 * }</pre>
 */
public final class ModelImport {

    public static final int MAX_ENTRIES = 1000;
    public static final long MAX_BYTES = 2L << 30;

    /** A further check of the unpacked package before it is installed (e.g. that its weights load). */
    @FunctionalInterface
    public interface Validator {
        void validate(ModelSpec spec) throws ModelPackageException;
    }

    private ModelImport() {
    }

    /**
     * Installs {@code zip} as {@code root/<id>} ({@code id} null: the ZIP's name without {@code .zip}).
     *
     * @throws UsageException where the id is not a model id or the model is already installed
     * @throws ModelPackageException where the archive or the package in it is refused
     */
    public static Path install(Path zip, Path root, String id, Validator validator)
            throws ModelPackageException, UsageException {
        String name = id != null ? id : zip.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.contains(".."))
            throw new UsageException("'" + name + "' is not a model id (letters, digits, '.', '_', '-'); give " + OptionKey.ID.mark());
        Path target = root.resolve(name);
        if (Files.exists(target))
            throw new UsageException("model " + name + " is already installed in " + root + "; remove it first");
        if (!Files.isRegularFile(zip))
            throw new ModelPackageException(zip, "no such file");
        List<ZipListing.Entry> entries = ZipListing.read(zip, MAX_ENTRIES);
        long declared = 0;
        Set<String> seen = new HashSet<>();
        for (ZipListing.Entry e : entries) {
            checkName(zip, e.name());
            if (e.symlink())
                throw new ModelPackageException(zip, "entry " + e.name() + " is a symbolic link; packages hold plain files");
            if (!seen.add(e.name().toLowerCase(Locale.ROOT)))
                throw new ModelPackageException(zip, "entry " + e.name() + " appears twice");
            declared += e.size();
            if (declared > MAX_BYTES)
                throw new ModelPackageException(zip, "unpacks to more than " + (MAX_BYTES >> 20) + " MiB");
        }
        Path temp = null;
        try {
            Files.createDirectories(root);
            temp = Files.createTempDirectory(root, ".import-" + name + "-");
            unpack(zip, temp, entries.size());
            Path pkg = packageFolder(temp);
            ModelSpec spec = ModelPackageReader.read(pkg);
            ModelPackageReader.verifyWeights(spec);
            validator.validate(spec);
            Files.move(pkg, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new ModelPackageException(zip, "cannot unpack into " + root + ": " + e.getMessage(), e);
        } finally {
            if (temp != null)
                deleteTree(temp);
        }
    }

    static void checkName(Path zip, String n) throws ModelPackageException {
        boolean bad = n.isEmpty() || n.startsWith("/") || n.contains("\\") || n.indexOf('\0') >= 0 || n.matches("^[A-Za-z]:.*");
        for (String part : n.split("/"))
            bad |= part.equals("..");
        if (bad)
            throw new ModelPackageException(zip, "entry '" + n + "' would unpack outside the model folder");
    }

    private static void unpack(Path zip, Path dir, int expected) throws IOException, ModelPackageException {
        long written = 0;
        byte[] buffer = new byte[1 << 16];
        try (ZipFile z = new ZipFile(zip.toFile())) {
            if (z.size() != expected)
                throw new ModelPackageException(zip, "lists " + z.size() + " entries where its directory holds " + expected);
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                checkName(zip, e.getName());
                Path out = dir.resolve(e.getName()).normalize();
                if (!out.startsWith(dir) || out.equals(dir) && !e.isDirectory())
                    throw new ModelPackageException(zip, "entry '" + e.getName() + "' would unpack outside the model folder");
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                long entryBytes = 0;
                try (InputStream in = z.getInputStream(e); OutputStream os = Files.newOutputStream(out,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                    for (int n; (n = in.read(buffer)) > 0;) {
                        entryBytes += n;
                        written += n;
                        if (written > MAX_BYTES || e.getSize() >= 0 && entryBytes > e.getSize())
                            throw new ModelPackageException(zip, "entry " + e.getName() + " unpacks to more than it declares"
                                    + " or beyond " + (MAX_BYTES >> 20) + " MiB in all (a ZIP bomb?)");
                        os.write(buffer, 0, n);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new ModelPackageException(zip, "is a damaged ZIP file: " + e.getMessage(), e);
        }
    }

    /** The unpacked folder holding the description: the root, or its single top folder. */
    private static Path packageFolder(Path temp) throws IOException, ModelPackageException {
        if (ModelPackageReader.hasDescription(temp))
            return temp;
        try (Stream<Path> s = Files.list(temp)) {
            List<Path> all = s.toList();
            if (all.size() == 1 && Files.isDirectory(all.get(0)))
                return all.get(0);
        }
        throw new ModelPackageException(temp.getFileName().toString(), "the archive holds no model description (rdf.yaml, bioimageio.yaml,"
                + " model.yaml or one *.rdf.yaml, *.bioimageio.yaml, *.model.yaml)");
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p))
            return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList())
                Files.deleteIfExists(q);
        } catch (IOException e) {
            // a leftover hidden .import-* folder is harmless and listed by nothing
        }
    }
}
