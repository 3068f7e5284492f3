package org.condseg.batch;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What became of one case: its status, the one-line error and exit code of a failure, the seconds it
 * took, and for a finished case the labels written with their voxel counts and volumes.
 *
 * <pre>{@code
 * CaseResult r = runner.run(c, () -> false);
 * if (r.status() == CaseResult.Status.FAILED) System.err.println(r.error());
 * }</pre>
 *
 * @param id the case id
 * @param status done, skipped (finished by an earlier run), failed or cancelled
 * @param error the one-line reason of a failure, or ""
 * @param exitCode the exit code of the failure's kind (0 unless failed)
 * @param seconds the wall time spent on the case in this run
 * @param voxels voxels per label (label 0, the background, left out)
 * @param voxelVolume the volume of one voxel in {@code unit}³
 * @param unit the calibration's length unit ("pixel" where uncalibrated)
 */
public record CaseResult(String id, Status status, String error, int exitCode, double seconds, SortedMap<Integer, Long> voxels,
        double voxelVolume, String unit) {

    /** What became of a case. */
    public enum Status {
        DONE, SKIPPED, FAILED, CANCELLED;

        /** The lower-case name written in summaries. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CaseResult {
        voxels = new TreeMap<>(voxels);
        error = error == null ? "" : error;
    }

    public static CaseResult failed(String id, String error, int exitCode, double seconds) {
        return new CaseResult(id, Status.FAILED, error, exitCode, seconds, new TreeMap<>(), 1, "pixel");
    }

    public static CaseResult cancelled(String id) {
        return new CaseResult(id, Status.CANCELLED, "", 130, 0, new TreeMap<>(), 1, "pixel");
    }

    /** Whether the case's output exists now (done in this run or an earlier one). */
    public boolean finished() {
        return status == Status.DONE || status == Status.SKIPPED;
    }

    /** The number of labels present. */
    public int labels() {
        return voxels.size();
    }

    /** Volume per label in {@code unit}³. */
    public SortedMap<Integer, Double> volumes() {
        SortedMap<Integer, Double> v = new TreeMap<>();
        for (Map.Entry<Integer, Long> e : voxels.entrySet())
            v.put(e.getKey(), e.getValue() * voxelVolume);
        return v;
    }
}
