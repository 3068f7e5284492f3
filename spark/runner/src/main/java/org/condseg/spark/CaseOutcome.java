package org.condseg.spark;

import java.io.Serializable;
import java.util.TreeMap;

import org.condseg.batch.CaseResult;

/**
 * A {@link CaseResult} as it travels back from an executor to the driver.
 *
 * <pre>{@code
 * CaseResult r = CaseOutcome.of(runner.run(c, cancelled)).toResult();
 * }</pre>
 */
record CaseOutcome(String id, String status, String error, int exitCode, double seconds, TreeMap<Integer, Long> voxels,
        double voxelVolume, String unit) implements Serializable {

    static CaseOutcome of(CaseResult r) {
        return new CaseOutcome(r.id(), r.status().name(), r.error(), r.exitCode(), r.seconds(), new TreeMap<>(r.voxels()),
                r.voxelVolume(), r.unit());
    }

    CaseResult toResult() {
        return new CaseResult(id, CaseResult.Status.valueOf(status), error, exitCode, seconds, voxels, voxelVolume, unit);
    }
}
