package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.engine.EngineStats;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A page of a search's hits. Until the search SUCCEEDED the page is empty and the counts are zero.
 *
 * @param total hits the caller may see
 * @param subTotal hits left after the page's tag and time filters
 * @param tags the tags of all {@code total} hits, sorted
 * @param stats what reading this page cost
 */
public record LogsResult(SearchStatus status, List<LogRow> logs, long total, long subTotal, LogsPage page,
        SortedSet<String> tags, EngineStats stats) {
    public LogsResult {
        requireNonNull(status, "status is null");
        logs = List.copyOf(requireNonNull(logs, "logs is null"));
        requireNonNull(page, "page is null");
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(tags, "tags is null")));
        requireNonNull(stats, "stats is null");
    }
}
