package org.condseg.spark;

import java.util.regex.Pattern;

/**
 * Tells local paths from files on a Hadoop-compatible file system: a name that starts with a URI
 * scheme of two or more characters ({@code hdfs://}, {@code s3a://}, {@code abfs://}, {@code gs://},
 * {@code file:/}) is a Hadoop path, copied in and out of a local folder for each case; anything else
 * (including {@code C:\...}) is a local path that every executor sees, read and written in place.
 *
 * <pre>{@code
 * Locations.isUri("hdfs://nn/scans/p1.nii.gz");   // true
 * Locations.isUri("/shared/scans/p1.nii.gz");     // false
 * }</pre>
 */
final class Locations {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

    private Locations() {
    }

    static boolean isUri(String name) {
        return name != null && SCHEME.matcher(name).matches();
    }
}
