package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.engine.ResultRow;
import dev.minerva.core.query.QueryParser;
import dev.minerva.core.query.SearchScope;
import dev.minerva.core.query.SearchSql;
import dev.minerva.core.query.SqlDialect;
import dev.minerva.core.query.TimeRange;
import dev.minerva.core.warehouse.WarehouseLayoutVersion;
import dev.minerva.core.warehouse.WarehouseStorage;
import dev.minerva.spi.ErrorCode;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.StandardErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs searches asynchronously and serves their results: the one service behind {@code minerva search},
 * {@code minerva serve} and the search Lambda.
 *
 * <p>A search runs one statement over the term table that keeps the distinct keys (object_id, seq, tag, ts) of its
 * hits as an engine table; its per-tag counts and 20-bin histogram are then computed from that table and kept in
 * memory. Pages and filtered counts read only that table, plus the message rows of the page's keys: paging never
 * scans the term table again. Tag permissions are applied in the key statement, so nothing kept can leak.
 */
public final class SearchService implements Searches {
    private final QueryEngine engine;
    private final SearchSql searchSql;
    private final KeyTableSql keyTableSql;
    private final QueryParser parser;
    private final WarehouseStorage storage;
    private final WarehouseLayoutVersion layout;
    private final ExecutorService executor;
    private final Clock clock;
    private final SearchServiceOptions options;
    private final Map<SearchId, Search> searches = new ConcurrentHashMap<>();

    /** The executor runs the searches; the caller owns it (and shuts it down). */
    public SearchService(QueryEngine engine, SqlDialect dialect, QueryParser parser, WarehouseStorage storage,
            ExecutorService executor, Clock clock, SearchServiceOptions options) {
        this.engine = requireNonNull(engine, "engine is null");
        this.searchSql = new SearchSql(requireNonNull(dialect, "dialect is null"));
        this.keyTableSql = new KeyTableSql(dialect);
        this.parser = requireNonNull(parser, "parser is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.options = requireNonNull(options, "options is null");
        this.layout = new WarehouseLayoutVersion(storage);
    }

    /** Validates and starts a search; a query syntax error or an empty range fails here, as USER_INPUT. */
    @Override
    public SearchId start(SearchRequest request) {
        requireNonNull(request, "request is null");
        TimeRange range = new TimeRange(request.from(), request.to());
        SearchScope scope = new SearchScope(parser.parse(request.query()), range, request.permissions());
        // Never a silent wrong answer from files of a layout this code does not read.
        layout.checkReadable();
        expire();
        Search search = new Search(SearchId.random(), request, scope, clock.instant());
        synchronized (this) {
            while (searches.size() >= options.maxSearches()) {
                searches.values().stream().min(Comparator.comparing(s -> s.submitted)).ifPresent(this::evict);
            }
            searches.put(search.id, search);
        }
        search.future = executor.submit(() -> run(search));
        return search.id;
    }

    /** The search's status, or empty when no such search exists (never did, or expired). */
    @Override
    public Optional<SearchStatus> status(SearchId id) {
        expire();
        return Optional.ofNullable(searches.get(requireNonNull(id, "id is null"))).map(Search::status);
    }

    /** Waits until the search is no longer RUNNING or the timeout passes, then returns its status. */
    public SearchStatus await(SearchId id, Duration timeout) throws InterruptedException {
        Search search = find(id);
        try {
            search.future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // The task records its own failure; a timeout just returns the RUNNING status.
        }
        return search.status();
    }

    /** Requests cancellation; the search becomes FAILED ("Cancelled") once its statement stops. */
    @Override
    public SearchStatus cancel(SearchId id) {
        Search search = find(id);
        search.cancellation.cancel();
        return search.status();
    }

    /** A page of a finished search's hits with its counts; empty, with zero counts, until the search SUCCEEDED. */
    @Override
    public LogsResult logs(SearchId id, LogsPage page) {
        requireNonNull(page, "page is null");
        Search search = find(id);
        SearchStatus status = search.status();
        if (status.state() != SearchState.SUCCEEDED) {
            return new LogsResult(status, List.of(), 0, 0, page, new TreeSet<>(), EngineStats.NONE);
        }
        TimeRange range = search.scope.range();
        Optional<TimeRange> window = overlap(range, page.begin(), page.end());
        QueryCancellation cancellation = new QueryCancellation();
        // The per-tag counts kept when the search ended are the totals over the range; only a narrower window needs
        // its own count from the kept keys. A reader narrower than the search's starter counts only its own tags.
        SortedMap<String, Long> counts = new TreeMap<>();
        search.tagCounts.forEach((tag, count) -> {
            if (page.visible().permits(tag)) {
                counts.put(tag, count);
            }
        });
        TreeSet<String> tags = new TreeSet<>(counts.keySet());
        SortedSet<String> shown = page.shownTags(tags);
        // The SQL's tag list: empty (no condition) when every kept tag is shown, as for an unrestricted page.
        Set<String> sqlTags = shown.equals(search.tagCounts.keySet()) ? Set.of() : shown;
        long total = 0;
        long subTotal = 0;
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            total += count.getValue();
            if (shown.contains(count.getKey())) {
                subTotal += count.getValue();
            }
        }
        EngineStats stats = EngineStats.NONE;
        if (window.isEmpty() || shown.isEmpty()) {
            subTotal = 0;
        } else if (!window.get().equals(range)) {
            long[] filtered = new long[1];
            stats = engine.execute(keyTableSql.tagCounts(search.table, window.get(), sqlTags),
                    row -> filtered[0] += shown.contains(row.string(0)) ? row.number(2) : 0, cancellation);
            subTotal = filtered[0];
        }
        List<LogRow> logs = new ArrayList<>();
        if (window.isPresent() && page.limit() > 0 && subTotal > page.offset()) {
            KeyTableSql.PageKeys keys = new KeyTableSql.PageKeys();
            stats = stats.plus(engine.execute(keyTableSql.pageKeys(search.table, window.get(), sqlTags, page.order(),
                    page.limit(), page.offset()), row -> keys.add(row.instant(0), row.string(1), row.number(2)),
                    cancellation));
            if (!keys.hours().isEmpty()) {
                stats = stats.plus(engine.execute(keyTableSql.page(search.table, window.get(), sqlTags, page.order(),
                        page.limit(), page.offset(), keys), row -> logs.add(logRow(row)), cancellation));
            }
        }
        return new LogsResult(status, logs, total, subTotal, page, tags, stats);
    }

    /** Hits per tag in 20 equal bins over the searched range; no tags until the search SUCCEEDED. */
    @Override
    public Timeseries timeseries(SearchId id) {
        Search search = find(id);
        Timeseries kept = search.timeseries;
        if (kept != null) {
            return kept;
        }
        TimeRange range = search.scope.range();
        return new Timeseries(Timeseries.labels(range.from(), search.request.end(), Timeseries.BINS), new TreeMap<>());
    }

    /**
     * Runs a search to completion on the caller's thread (interrupting it cancels the search) and returns the first
     * page, the per-tag counts, the histogram, what it read and the warehouse size; a failed search throws.
     */
    public SearchResult searchNow(SearchRequest request, LogsPage page) throws InterruptedException {
        SearchId id = start(request);
        Search search = find(id);
        // The warehouse is listed while the search runs; a failed search is reported before a failed listing.
        WarehouseTotals totals = null;
        RuntimeException listingFailure = null;
        try {
            totals = WarehouseTotals.measure(storage, search.scope.range());
        } catch (RuntimeException e) {
            listingFailure = e;
        }
        try {
            search.future.get();
        } catch (InterruptedException e) {
            search.cancellation.cancel();
            throw e;
        } catch (ExecutionException | CancellationException e) {
            // Recorded in the status by the task.
        }
        SearchStatus status = search.status();
        if (status.state() != SearchState.SUCCEEDED) {
            throw new MinervaException(search.failureCode, status.failureReason());
        }
        if (listingFailure != null) {
            throw listingFailure;
        }
        LogsResult logs = logs(id, page);
        return new SearchResult(status, logs, search.tagCounts, search.timeseries, status.stats().plus(logs.stats()),
                totals);
    }

    private void run(Search search) {
        try {
            EngineStats stats = engine.createTable(search.table, searchSql.keys(search.scope), search.cancellation);
            TimeRange range = search.scope.range();
            TreeMap<String, long[]> bins = new TreeMap<>();
            // Bins span [from, end]: the API's inclusive end second is not a bin's worth of its own.
            TimeRange binned = new TimeRange(range.from(), search.request.end());
            stats = stats.plus(engine.execute(keyTableSql.histogram(search.table, binned, Timeseries.BINS), row -> {
                long bin = Math.min(Math.max(row.number(1), 0), Timeseries.BINS - 1);
                bins.computeIfAbsent(row.string(0), tag -> new long[Timeseries.BINS])[(int) bin] += row.number(2);
            }, search.cancellation));
            TreeMap<String, List<Long>> counts = new TreeMap<>();
            TreeMap<String, Long> tagCounts = new TreeMap<>();
            bins.forEach((tag, values) -> {
                List<Long> list = new ArrayList<>(values.length);
                long sum = 0;
                for (long value : values) {
                    list.add(value);
                    sum += value;
                }
                counts.put(tag, list);
                tagCounts.put(tag, sum);
            });
            search.succeeded(stats, Collections.unmodifiableSortedMap(tagCounts),
                    new Timeseries(Timeseries.labels(range.from(), search.request.end(), Timeseries.BINS), counts));
        } catch (CancellationException e) {
            search.failed(CoreErrorCode.SEARCH_CANCELLED.toErrorCode(), "Cancelled");
        } catch (MinervaException e) {
            search.failed(e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            search.failed(StandardErrorCode.INTERNAL_ERROR.toErrorCode(), "Search failed: " + e);
        }
        if (search.state != SearchState.SUCCEEDED || search.evicted) {
            dropQuietly(search);
        }
    }

    private Search find(SearchId id) {
        requireNonNull(id, "id is null");
        expire();
        Search search = searches.get(id);
        if (search == null) {
            throw new SearchNotFoundException(id);
        }
        return search;
    }

    private synchronized void expire() {
        Instant oldest = clock.instant().minus(options.expiry());
        for (Search search : List.copyOf(searches.values())) {
            if (search.submitted.isBefore(oldest)) {
                evict(search);
            }
        }
    }

    private synchronized void evict(Search search) {
        searches.remove(search.id);
        search.evicted = true;
        search.cancellation.cancel();
        // A running search drops its own table when it ends; a finished one is dropped here.
        if (search.state != SearchState.RUNNING) {
            dropQuietly(search);
        }
    }

    private void dropQuietly(Search search) {
        try {
            engine.dropTable(search.table);
        } catch (MinervaException e) {
            // The table may never have been made; an engine that cannot drop it loses only memory until restart.
        }
    }

    private static Optional<TimeRange> overlap(TimeRange range, Instant begin, Instant end) {
        Instant from = begin.isAfter(range.from()) ? begin : range.from();
        Instant to = end.isBefore(range.to()) ? end : range.to();
        return from.isBefore(to) ? Optional.of(new TimeRange(from, to)) : Optional.empty();
    }

    private static LogRow logRow(ResultRow row) {
        return new LogRow(row.string(0), row.instant(1), row.string(2));
    }

    /** One search's mutable state; fields the task writes are volatile, read by request threads. */
    private final class Search {
        final SearchId id;
        final SearchRequest request;
        final SearchScope scope;
        final Instant submitted;
        final String table;
        final QueryCancellation cancellation = new QueryCancellation();
        volatile Future<?> future;
        volatile SearchState state = SearchState.RUNNING;
        volatile String failureReason = "";
        volatile ErrorCode failureCode = StandardErrorCode.INTERNAL_ERROR.toErrorCode();
        volatile Instant finished;
        volatile EngineStats stats = EngineStats.NONE;
        volatile SortedMap<String, Long> tagCounts = Collections.emptySortedMap();
        volatile Timeseries timeseries;
        volatile boolean evicted;

        Search(SearchId id, SearchRequest request, SearchScope scope, Instant submitted) {
            this.id = id;
            this.request = request;
            this.scope = scope;
            this.submitted = submitted;
            this.table = id.tableName();
        }

        void succeeded(EngineStats newStats, SortedMap<String, Long> counts, Timeseries series) {
            stats = newStats;
            tagCounts = counts;
            timeseries = series;
            finished = clock.instant();
            state = SearchState.SUCCEEDED;
        }

        void failed(ErrorCode code, String reason) {
            failureCode = code;
            failureReason = reason;
            finished = clock.instant();
            state = SearchState.FAILED;
        }

        SearchStatus status() {
            // Read state first: the task writes everything else before it.
            SearchState current = state;
            Instant end = current == SearchState.RUNNING ? clock.instant() : finished;
            return new SearchStatus(id, request, current, failureReason, submitted,
                    Duration.between(submitted, end), stats);
        }
    }
}
