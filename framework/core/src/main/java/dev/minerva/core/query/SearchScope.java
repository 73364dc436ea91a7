package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

/** What a search covers: the query, the searched time range and the tags the caller may see. */
public record SearchScope(Query query, TimeRange range, TagPermissions permissions) {
    public SearchScope {
        requireNonNull(query, "query is null");
        requireNonNull(range, "range is null");
        requireNonNull(permissions, "permissions is null");
    }
}
