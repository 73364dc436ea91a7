package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.query.TagPermissions;
import java.time.Instant;

/** A search to start: the query text, the half-open time range [from, to) and the tags the caller may see. */
public record SearchRequest(String query, Instant from, Instant to, TagPermissions permissions) {
    public SearchRequest {
        requireNonNull(query, "query is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(permissions, "permissions is null");
    }
}
