package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * One parsed log entry. {@code fields} holds the entry as parsed: values are {@link String}, {@link Long},
 * {@link java.math.BigInteger}, {@link java.math.BigDecimal}, {@link Double}, {@link Boolean}, nested maps and
 * lists of those, or null for an explicit JSON null. Keys keep the names the log source uses. The format hands the
 * map over: it must not change it afterwards.
 */
public record LogRecord(Instant timestamp, String tag, Map<String, Object> fields, Position position) {
    public LogRecord {
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(fields, "fields is null");
        requireNonNull(position, "position is null");
    }
}
