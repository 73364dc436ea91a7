package dev.minerva.core.index;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** What indexing one object did: its status and counts, for summaries and logs. */
public record IndexOutcome(String location, Status status, String detail, long records, long rejections, Map<String, Long> skips,
        long termRows, long bytesIn, long bytesWritten) {
    public IndexOutcome {
        requireNonNull(location, "location is null");
        requireNonNull(status, "status is null");
        requireNonNull(detail, "detail is null");
        skips = Map.copyOf(requireNonNull(skips, "skips is null"));
    }

    /** How an object fared. */
    public enum Status {
        /** Parsed and written to the warehouse. */
        INDEXED,
        /** This exact version was indexed before; nothing to do. */
        UNCHANGED,
        /** No configured source matches the location. */
        NO_SOURCE,
        /** Reading the object or writing the warehouse failed; nothing of it was committed, a retry may succeed. */
        FAILED
    }

    public static IndexOutcome unchanged(String location, long size) {
        return new IndexOutcome(location, Status.UNCHANGED, "already indexed at this version", 0, 0, Map.of(), 0, size, 0);
    }

    public static IndexOutcome noSource(String location, long size, String routesOrigin) {
        return new IndexOutcome(location, Status.NO_SOURCE, "no source in " + routesOrigin + " matches it", 0, 0, Map.of(), 0, 0, 0);
    }

    public static IndexOutcome failed(String location, String reason) {
        return new IndexOutcome(location, Status.FAILED, reason, 0, 0, Map.of(), 0, 0, 0);
    }

    public long skipped() {
        return skips.values().stream().mapToLong(Long::longValue).sum();
    }
}
