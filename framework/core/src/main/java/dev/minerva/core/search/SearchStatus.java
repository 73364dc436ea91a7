package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.engine.EngineStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one search.
 *
 * @param failureReason why the search FAILED; empty text otherwise
 * @param elapsed from submission to completion, or to now while RUNNING
 * @param stats what the search has read so far (the key scan and the count and histogram queries)
 */
public record SearchStatus(SearchId id, SearchRequest request, SearchState state, String failureReason,
        Instant submitted, Duration elapsed, EngineStats stats) {
    public SearchStatus {
        requireNonNull(id, "id is null");
        requireNonNull(request, "request is null");
        requireNonNull(state, "state is null");
        requireNonNull(failureReason, "failureReason is null");
        requireNonNull(submitted, "submitted is null");
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(stats, "stats is null");
    }

    public Optional<String> failure() {
        return failureReason.isEmpty() ? Optional.empty() : Optional.of(failureReason);
    }

    /** Bytes the engine read for this search: the API's {@code scanned_size}. */
    public long scannedBytes() {
        return stats.bytesRead();
    }
}
