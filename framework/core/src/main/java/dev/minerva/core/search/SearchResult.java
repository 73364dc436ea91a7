package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.engine.EngineStats;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the CLI prints for one search: a page of hits with its totals, hits per tag, the histogram, what the
 * search read ({@code stats}: the search and the page together) and the warehouse size to compare it with.
 */
public record SearchResult(SearchStatus status, LogsResult page, SortedMap<String, Long> tagCounts,
        Timeseries timeseries, EngineStats stats, WarehouseTotals warehouse) {
    public SearchResult {
        requireNonNull(status, "status is null");
        requireNonNull(page, "page is null");
        tagCounts = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(tagCounts, "tagCounts is null")));
        requireNonNull(timeseries, "timeseries is null");
        requireNonNull(stats, "stats is null");
        requireNonNull(warehouse, "warehouse is null");
    }
}
