package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.query.TagPermissions;
import java.time.Instant;

/**
 * A search to start: the query text, the half-open time range [from, to) and the tags the caller may see.
 *
 * @param sentQuery the query as the caller sent it, as JSON text (the API echoes it in the search's metadata, and
 *     a stateless service must keep it with the search); empty when the caller sent {@code query} itself
 */
public record SearchRequest(String query, Instant from, Instant to, TagPermissions permissions, String sentQuery) {
    public SearchRequest {
        requireNonNull(query, "query is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(permissions, "permissions is null");
        requireNonNull(sentQuery, "sentQuery is null");
    }

    /** A request whose query was sent as this text. */
    public SearchRequest(String query, Instant from, Instant to, TagPermissions permissions) {
        this(query, from, to, permissions, "");
    }
}
