package org.condseg.io.medical;

import java.nio.file.Path;

import org.condseg.model.InputException;

/**
 * The checks every reader makes on a header's declared sizes before allocating anything: positive
 * sizes that ImageJ can hold, data no larger than the file (or than a gzip stream of the file's size
 * can expand to), and memory no larger than the Java heap.
 *
 * <pre>{@code
 * DataLimits.checkGrid(file, width, height, planes);
 * DataLimits.checkData(file, declaredBytes, bytesAfterHeader, compressed, voxels * 4);
 * DataLimits.checkHeap(file, voxels * 20, "segment it");
 * }</pre>
 */
public final class DataLimits {

    /** Deflate expands at most about 1032:1; a file declaring more than this ratio is lying. */
    public static final long MAX_DEFLATE_RATIO = 1100;

    private DataLimits() {
    }

    /** Refuses sizes below 1, a plane over ImageJ's 2^31 voxels, or more planes than a stack holds. */
    public static void checkGrid(Path file, long width, long height, long planes) throws InputException {
        if (width < 1 || height < 1 || planes < 1)
            throw new InputException(file, "declares a " + width + "x" + height + " grid with " + planes
                    + " plane(s); sizes must be at least 1");
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || width * height > Integer.MAX_VALUE - 8)
            throw new InputException(file, "declares " + width + "x" + height + " voxels per slice, more than ImageJ holds (2^31)");
        if (planes > Integer.MAX_VALUE - 8)
            throw new InputException(file, "declares " + planes + " slices, more than ImageJ holds");
    }

    /**
     * Refuses declared voxel data larger than what follows the header ({@code available} bytes of an
     * uncompressed file) or than a compressed file of {@code available} bytes can expand to, and
     * memory beyond the Java heap.
     */
    public static void checkData(Path file, long declaredBytes, long available, boolean compressed, long memoryBytes)
            throws InputException {
        if (declaredBytes < 0)
            throw new InputException(file, "declares more voxel data than can be counted");
        if (!compressed && declaredBytes > available)
            throw new InputException(file, "declares " + declaredBytes + " bytes of voxel data but only " + Math.max(0, available)
                    + " follow the header (truncated file or wrong sizes)");
        if (compressed && declaredBytes / MAX_DEFLATE_RATIO > available)
            throw new InputException(file, "declares " + declaredBytes + " bytes of voxel data, more than a compressed file of "
                    + available + " bytes can hold");
        checkHeap(file, memoryBytes, "read it");
    }

    /**
     * Refuses {@code memoryBytes} (what reading, or the work {@code purpose} names, will allocate) beyond the
     * heap still free: the Java heap's maximum ({@code -Xmx}) less what is in use (after a collection, where
     * the first look finds too little).
     */
    public static void checkHeap(Path file, long memoryBytes, String purpose) throws InputException {
        long free = freeHeap(memoryBytes);
        if (memoryBytes < 0 || memoryBytes > free)
            throw new InputException(file, "needs " + mib(memoryBytes) + " MiB of memory to " + purpose + ", more than the "
                    + mib(free) + " MiB free in this Java heap (-Xmx" + mib(Runtime.getRuntime().maxMemory()) + "m; raise -Xmx)");
    }

    /**
     * The heap still free (the maximum, {@code -Xmx}, less what is in use), looked at again after a
     * collection where the first look finds less than {@code memoryBytes} (negative: more than any heap).
     */
    public static long freeHeap(long memoryBytes) {
        Runtime rt = Runtime.getRuntime();
        long free = free(rt);
        if (memoryBytes >= 0 && memoryBytes <= free)
            return free;
        System.gc();
        return free(rt);
    }

    private static long free(Runtime rt) {
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** {@code a * b * ...}, or -1 where the product overflows. */
    public static long product(long... factors) {
        long p = 1;
        try {
            for (long f : factors)
                p = Math.multiplyExact(p, f);
        } catch (ArithmeticException e) {
            return -1;
        }
        return p;
    }

    private static long mib(long bytes) {
        return bytes < 0 ? Long.MAX_VALUE >> 20 : bytes >> 20;
    }
}
