package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

/** One published data file: its table, key, row count and size in bytes. */
public record WrittenFile(String table, String key, long rows, long bytes) {
    public WrittenFile {
        requireNonNull(table, "table is null");
        requireNonNull(key, "key is null");
    }
}
