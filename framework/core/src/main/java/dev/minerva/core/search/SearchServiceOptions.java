package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Bounds on what the service keeps.
 *
 * @param expiry how long after submission a search and its kept hits remain readable
 * @param maxSearches searches kept at once; starting one more drops the oldest (cancelling it if still running)
 */
public record SearchServiceOptions(Duration expiry, int maxSearches) {
    public SearchServiceOptions {
        requireNonNull(expiry, "expiry is null");
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("expiry must be positive: " + expiry);
        }
        if (maxSearches < 1) {
            throw new IllegalArgumentException("maxSearches must be positive: " + maxSearches);
        }
    }

    /** A day, as the original's Athena results were kept; 100 searches. */
    public static SearchServiceOptions defaults() {
        return new SearchServiceOptions(Duration.ofHours(24), 100);
    }
}
