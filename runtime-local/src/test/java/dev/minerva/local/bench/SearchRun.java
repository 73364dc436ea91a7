package dev.minerva.local.bench;

import static java.util.Objects.requireNonNull;

/**
 * One needle search and what it read.
 *
 * @param hits records found
 * @param bytesRead bytes the engine read from storage, as its own profile reports (-1 when it cannot tell: grep)
 * @param rowGroupsRead Parquet row groups read, or -1
 * @param nanos wall time of the measured (warm) run
 */
public record SearchRun(String engine, long hits, long bytesRead, long rowGroupsRead, long nanos) {
    public SearchRun {
        requireNonNull(engine, "engine is null");
    }

    public double millis() {
        return nanos / 1e6;
    }
}
