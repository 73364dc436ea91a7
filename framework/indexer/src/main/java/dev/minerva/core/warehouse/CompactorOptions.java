package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When and how the compactor merges.
 *
 * @param closedLag an hour is compacted once it ended this long ago: late objects of that hour have arrived
 * @param grace replaced files stay this long after their replacement is published, so running queries finish
 * @param targetBytes inputs are grouped up to this many bytes per compacted file; files of half of it are left alone
 * @param files Parquet sizes of the files written
 */
public record CompactorOptions(Duration closedLag, Duration grace, long targetBytes, WarehouseOptions files) {
    public CompactorOptions {
        requireNonNull(closedLag, "closedLag is null");
        requireNonNull(grace, "grace is null");
        requireNonNull(files, "files is null");
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("targetBytes must be positive: " + targetBytes);
        }
    }

    public static CompactorOptions defaults() {
        return new CompactorOptions(Duration.ofHours(2), Duration.ofMinutes(30), 128L << 20, WarehouseOptions.defaults());
    }
}
