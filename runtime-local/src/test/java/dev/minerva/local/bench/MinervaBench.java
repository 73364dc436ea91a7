package dev.minerva.local.bench;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.minerva.core.config.SourceConfigLoader;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.index.IndexOutcome;
import dev.minerva.core.index.IndexSummary;
import dev.minerva.core.index.IndexingService;
import dev.minerva.core.index.LocalLogObjects;
import dev.minerva.core.index.LogObject;
import dev.minerva.core.inject.FormatsModule;
import dev.minerva.duckdb.DuckDbSearchModule;
import dev.minerva.core.inject.WarehouseModule;
import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.search.LogsPage;
import dev.minerva.core.search.SearchRequest;
import dev.minerva.core.search.SearchResult;
import dev.minerva.core.search.SearchService;
import dev.minerva.core.warehouse.CompactionReport;
import dev.minerva.core.warehouse.Compactor;
import dev.minerva.core.warehouse.CompactorOptions;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.WarehouseOptions;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Drives Minerva in process, through the same services the {@code minerva} command uses. */
public final class MinervaBench {
    private final Path warehouse;
    private final Injector indexing;

    public MinervaBench(Path warehouse) {
        this.warehouse = warehouse;
        this.indexing = Guice.createInjector(new FormatsModule(List.of()), new WarehouseModule(warehouse));
    }

    /** Indexes {@code files} (routed by the data set's source map), forced, so a repeated run measures real work. */
    public IndexRun index(String input, BenchDataSet data, List<Path> files, long rawBytes) throws Exception {
        SourceRoutes routes = new SourceConfigLoader(indexing.getInstance(FormatRegistry.class))
                .load(data.root().resolve(LogGenerator.CONFIG));
        LocalLogObjects reader = new LocalLogObjects();
        List<LogObject> objects = reader.list(files);
        IndexingService service = indexing.getInstance(IndexingService.class);
        Measured.Timed<IndexSummary> run = Measured.of(
                () -> service.index(objects, routes, reader, true, IndexingService.Progress.none()));
        IndexSummary summary = run.value();
        if (summary.count(IndexOutcome.Status.INDEXED) != objects.size()) {
            throw new IllegalStateException("Minerva indexed " + summary.count(IndexOutcome.Status.INDEXED) + " of "
                    + objects.size() + " objects of " + input + ": " + summary.outcomes());
        }
        return new IndexRun("minerva", input, rawBytes, summary.records(), summary.bytesWritten(), run.cost());
    }

    /**
     * Compacts every hour as the hourly compactor would once the hours have closed: each hour's per-object files are
     * merged into one sorted term file and one message file, and (grace zero) the replaced files are deleted.
     * Returns the cost and the number of files published.
     */
    public Measured.Timed<Integer> compact() throws Exception {
        CompactorOptions options = new CompactorOptions(Duration.ZERO, Duration.ZERO,
                CompactorOptions.defaults().targetBytes(), WarehouseOptions.defaults());
        return Measured.of(() -> {
            Compactor compactor = new Compactor(new LocalWarehouseStorage(warehouse), options, Clock.systemUTC());
            CompactionReport merged = compactor.run();
            // The second run deletes what the first replaced (their grace has passed) and finds nothing left to merge.
            compactor.run();
            return merged.published().size();
        });
    }

    /**
     * Searches {@code query} over [from, to): one cold search on a fresh engine for the bytes read, then
     * {@code warmRuns} more, reporting the fastest (the figure least disturbed by neighbours on a shared machine).
     */
    public SearchRun search(String query, Instant from, Instant to, int warmRuns) throws Exception {
        Injector injector = Guice.createInjector(new WarehouseModule(warehouse), new DuckDbSearchModule(warehouse));
        try (QueryEngine engine = injector.getInstance(QueryEngine.class)) {
            SearchService service = injector.getInstance(SearchService.class);
            SearchRequest request = new SearchRequest(query, from, to, TagPermissions.all());
            SearchResult cold = service.searchNow(request, LogsPage.first(50));
            long best = cold.stats().elapsed().toNanos();
            for (int i = 0; i < warmRuns; i++) {
                long start = System.nanoTime();
                SearchResult warm = service.searchNow(request, LogsPage.first(50));
                long nanos = System.nanoTime() - start;
                if (warm.page().total() != cold.page().total()) {
                    throw new IllegalStateException("Hit count changed between runs of " + query);
                }
                best = i == 0 ? nanos : Math.min(best, nanos);
            }
            return new SearchRun("minerva", cold.page().total(), cold.stats().bytesRead(), cold.stats().rowGroupsRead(),
                    best);
        }
    }
}
