package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One hit: its tag, its timestamp and the record as the JSON text the warehouse stored. */
public record LogRow(String tag, Instant timestamp, String message) {
    public LogRow {
        requireNonNull(tag, "tag is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(message, "message is null");
    }
}
