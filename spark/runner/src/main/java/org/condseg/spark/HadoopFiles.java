package org.condseg.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Files on a Hadoop-compatible file system, through Hadoop's {@link FileSystem} API with the driver's
 * Hadoop configuration (which travels with the tasks): copies in to local files, copies out through a
 * hidden temporary file {@code .<name>.<digits>.part} renamed into place, so that no output is ever
 * seen half written.
 *
 * <pre>{@code
 * HadoopFiles fs = HadoopFiles.of(sc.hadoopConfiguration());
 * fs.copyIn("hdfs://nn/scans/p1.nii.gz", Path.of("/tmp/c/in/p1.nii.gz"));
 * fs.copyOut(Path.of("/tmp/c/out/p1-labels.nii.gz"), "hdfs://nn/labels/p1-labels.nii.gz");
 * }</pre>
 */
final class HadoopFiles implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HashMap<String, String> settings;
    private transient Configuration conf;

    private HadoopFiles(HashMap<String, String> settings) {
        this.settings = settings;
    }

    static HadoopFiles of(Configuration conf) {
        HashMap<String, String> m = new HashMap<>();
        for (Map.Entry<String, String> e : conf)
            m.put(e.getKey(), e.getValue());
        return new HadoopFiles(m);
    }

    private Configuration conf() {
        if (conf == null) {
            Configuration c = new Configuration(false);
            settings.forEach(c::set);
            conf = c;
        }
        return conf;
    }

    /** The path's file system; on {@code file:} the raw one, which writes no {@code .crc} files beside ours. */
    private FileSystem fs(org.apache.hadoop.fs.Path p) throws IOException {
        FileSystem fs = p.getFileSystem(conf());
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    static org.apache.hadoop.fs.Path path(String uri) {
        return new org.apache.hadoop.fs.Path(URI.create(uri));
    }

    /** The last name of a URI's path. */
    static String name(String uri) {
        return path(uri).getName();
    }

    /** The URI of the file {@code name} in the folder of {@code uri}. */
    static String sibling(String uri, String name) {
        return new org.apache.hadoop.fs.Path(path(uri).getParent(), name).toString();
    }

    /** The URI of {@code relative} (with {@code /}) under the folder {@code dir}. */
    static String child(String dir, String relative) {
        return new org.apache.hadoop.fs.Path(path(dir), relative).toString();
    }

    boolean exists(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = path(uri);
        return fs(p).exists(p);
    }

    boolean isDirectory(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = path(uri);
        return fs(p).getFileStatus(p).isDirectory();
    }

    /** The entries of a folder: names, and whether each is a folder. */
    Map<String, Boolean> list(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = path(uri);
        Map<String, Boolean> out = new HashMap<>();
        for (FileStatus s : fs(p).listStatus(p))
            out.put(s.getPath().getName(), s.isDirectory());
        return out;
    }

    /**
     * Copies a file, or the files of a folder (one level: a DICOM series), to {@code local}; returns
     * false, copying nothing, where {@code uri} does not exist.
     */
    boolean copyIn(String uri, Path local) throws IOException {
        org.apache.hadoop.fs.Path p = path(uri);
        FileSystem fs = fs(p);
        if (!fs.exists(p))
            return false;
        if (fs.getFileStatus(p).isDirectory()) {
            Files.createDirectories(local);
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus s : fs.listStatus(p))
                if (s.isFile())
                    files.add(s);
            for (FileStatus s : files)
                fs.copyToLocalFile(false, s.getPath(), new org.apache.hadoop.fs.Path(local.resolve(s.getPath().getName()).toUri()), true);
        } else {
            Files.createDirectories(local.toAbsolutePath().getParent());
            fs.copyToLocalFile(false, p, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), true);
        }
        return true;
    }

    /** Copies a local file to {@code uri}, through a hidden temporary file renamed into place. */
    void copyOut(Path local, String uri) throws IOException {
        org.apache.hadoop.fs.Path target = path(uri);
        FileSystem fs = fs(target);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".part");
        try {
            fs.mkdirs(target.getParent());
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), tmp);
            if (!fs.rename(tmp, target)) {
                // Hadoop's rename does not replace: the old file goes first (the case's sidecar is already gone)
                fs.delete(target, false);
                if (!fs.rename(tmp, target))
                    throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } finally {
            if (fs.exists(tmp))
                fs.delete(tmp, false);
        }
    }

    void delete(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = path(uri);
        fs(p).delete(p, false);
    }

    /** Copies a file to a local file (for the driver: a manifest). */
    void download(String uri, Path local) throws IOException {
        if (!copyIn(uri, local))
            throw new java.nio.file.NoSuchFileException(uri);
    }
}
