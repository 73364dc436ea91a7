package dev.minerva.core.input;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** What parsing one object produced: counts by outcome, skip reasons, and bytes read. */
public record ParseSummary(long records, long rejections, Map<String, Long> skips, long rawBytes, long decodedBytes, boolean gzip) {
    public ParseSummary {
        skips = Map.copyOf(requireNonNull(skips, "skips is null"));
    }

    public long skipped() {
        return skips.values().stream().mapToLong(Long::longValue).sum();
    }
}
