package dev.minerva.core.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one or more executions read, as the engine measured it (never estimated from the query).
 *
 * @param elapsed wall time of the executions
 * @param filesRead data files the scans opened (a file two scans open counts twice)
 * @param bytesRead bytes the engine read from storage for the executions, footers and bloom filters included
 * @param rowGroupsRead Parquet row groups whose data the scans read
 * @param rowGroupsTotal row groups of the files the scans opened, read or skipped by statistics
 */
public record EngineStats(Duration elapsed, long filesRead, long bytesRead, long rowGroupsRead, long rowGroupsTotal) {
    public static final EngineStats NONE = new EngineStats(Duration.ZERO, 0, 0, 0, 0);

    public EngineStats {
        requireNonNull(elapsed, "elapsed is null");
        if (filesRead < 0 || bytesRead < 0 || rowGroupsRead < 0 || rowGroupsTotal < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** The sum of both executions, as if they ran one after the other. */
    public EngineStats plus(EngineStats other) {
        return new EngineStats(elapsed.plus(other.elapsed), filesRead + other.filesRead, bytesRead + other.bytesRead,
                rowGroupsRead + other.rowGroupsRead, rowGroupsTotal + other.rowGroupsTotal);
    }
}
