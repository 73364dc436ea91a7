package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Narrows a search's results for display: only these tags (empty means all) within this time window. */
public record ResultFilter(SortedSet<String> tags, TimeRange window) {
    public ResultFilter {
        tags = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(tags, "tags is null")));
        requireNonNull(window, "window is null");
    }

    /** No narrowing: all tags over the whole searched range. */
    public static ResultFilter none(TimeRange range) {
        return new ResultFilter(new TreeSet<>(), range);
    }

    public static ResultFilter of(Set<String> tags, TimeRange window) {
        return new ResultFilter(new TreeSet<>(tags), window);
    }
}
