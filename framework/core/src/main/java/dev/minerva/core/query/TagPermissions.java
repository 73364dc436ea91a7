package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The tags a caller may see, applied inside the SQL so neither rows nor counts of other tags leak. */
public record TagPermissions(boolean unrestricted, SortedSet<String> tags) {
    public TagPermissions {
        tags = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(tags, "tags is null")));
        if (unrestricted && !tags.isEmpty()) {
            throw new IllegalArgumentException("unrestricted permissions list no tags");
        }
    }

    /** Every tag. */
    public static TagPermissions all() {
        return new TagPermissions(true, new TreeSet<>());
    }

    /** Only these tags; an empty set permits nothing. */
    public static TagPermissions only(Set<String> tags) {
        return new TagPermissions(false, new TreeSet<>(tags));
    }
}
