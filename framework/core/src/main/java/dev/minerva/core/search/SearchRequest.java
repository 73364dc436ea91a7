package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.query.TagPermissions;
import java.time.Instant;

/**
 * A search to start: the query text, the half-open time range [from, to) and the tags the caller may see.
 *
 * @param sentQuery the query as the caller sent it, as JSON text (the API echoes it in the search's metadata, and
 *     a stateless service must keep it with the search); empty when the caller sent {@code query} itself
 * @param end the end as the caller named it: {@code to} for a half-open range, the last second searched for the
 *     API's inclusive {@code end_dt} (its {@code end_time}); the histogram's bins span [from, end], and hits after
 *     {@code end} (inside its last second) count in the last bin
 */
public record SearchRequest(String query, Instant from, Instant to, TagPermissions permissions, String sentQuery,
        Instant end) {
    public SearchRequest {
        requireNonNull(query, "query is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(permissions, "permissions is null");
        requireNonNull(sentQuery, "sentQuery is null");
        requireNonNull(end, "end is null");
        if (end.isAfter(to) || !end.isAfter(from) && from.isBefore(to)) {
            // An end at from (start_dt = end_dt) has no span to bin over: bin over the range itself.
            end = to;
        }
    }

    /** A half-open request whose query was sent as {@code sentQuery}. */
    public SearchRequest(String query, Instant from, Instant to, TagPermissions permissions, String sentQuery) {
        this(query, from, to, permissions, sentQuery, to);
    }

    /** A request whose query was sent as this text. */
    public SearchRequest(String query, Instant from, Instant to, TagPermissions permissions) {
        this(query, from, to, permissions, "");
    }
}
