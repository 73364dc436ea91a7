package dev.minerva.aws.athena;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.aws.athena.AthenaExecution;
import dev.minerva.aws.athena.AthenaQueryEngine;
import dev.minerva.aws.athena.AthenaSettings;
import dev.minerva.aws.athena.AthenaState;
import dev.minerva.aws.s3.S3Location;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.ResultRow;
import dev.minerva.core.query.QueryParser;
import dev.minerva.core.query.SearchScope;
import dev.minerva.core.query.SearchSql;
import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.query.TimeRange;
import dev.minerva.core.query.TrinoDialect;
import dev.minerva.core.search.LogRow;
import dev.minerva.core.search.LogsPage;
import dev.minerva.core.search.LogsResult;
import dev.minerva.core.search.SearchId;
import dev.minerva.core.search.SearchNotFoundException;
import dev.minerva.core.search.SearchRequest;
import dev.minerva.core.search.SearchState;
import dev.minerva.core.search.SearchStatus;
import dev.minerva.core.search.Searches;
import dev.minerva.core.search.Timeseries;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import dev.minerva.core.warehouse.WarehouseLayoutVersion;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Searches on Athena with no state outside Athena and S3, so that any Lambda invocation answers for any search.
 *
 * <p>Starting a search starts one Athena query, {@code UNLOAD (<the search's distinct hit keys>) TO
 * '<output>searches/<id>/keys/'} (Parquet; tag permissions applied inside the query, so nothing kept can leak), and
 * writes {@code <output>searches/<id>/search.json}: the execution id, the query as parsed and as sent, the range, the
 * permitted tags and the submission time. The id is a fresh UUID, not the execution id, so the API can only reach
 * executions Minerva started. Status is that object plus GetQueryExecution (QUEUED/RUNNING → RUNNING, SUCCEEDED,
 * FAILED/CANCELLED → FAILED with the reason); cancel is StopQueryExecution. Counts, pages and the histogram are small
 * follow-up queries over the shared table {@value #KEYS_TABLE} (see {@link #keysTableDdl}), whose partition
 * {@code search_id} is projected onto those folders: no catalog entry per search, nothing to drop. An S3 lifecycle
 * rule on {@code <output>searches/} (and the query results beside it) expires searches; once search.json is gone
 * the search is not found.
 */
public final class AthenaSearches implements Searches {
    /** The Glue table over every search's kept keys. */
    public static final String KEYS_TABLE = "minerva_search_keys";
    private static final String SEARCHES = "searches/";

    private final AthenaQueryEngine engine;
    private final S3Client s3;
    private final QueryParser parser;
    private final Clock clock;
    private final AthenaSettings settings;
    private final SearchSql searchSql;
    private final AthenaKeySql keySql;
    private final ObjectMapper json = new ObjectMapper();

    private final Optional<WarehouseLayoutVersion> layout;

    public AthenaSearches(AthenaQueryEngine engine, S3Client s3, QueryParser parser, Clock clock) {
        this(engine, s3, parser, clock, Optional.empty());
    }

    /**
     * @param layout the warehouse's layout record, checked before every search starts (the Glue tables name no
     *     version; without it a search reads whatever files the tables point at)
     */
    public AthenaSearches(AthenaQueryEngine engine, S3Client s3, QueryParser parser, Clock clock,
            Optional<WarehouseLayoutVersion> layout) {
        this.layout = requireNonNull(layout, "layout is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.s3 = requireNonNull(s3, "s3 is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = engine.settings();
        TrinoDialect dialect = new TrinoDialect(settings.catalog(), settings.database());
        // INTERSECT keeps every parameter in a WHERE clause (GROUP_BY puts them in HAVING).
        this.searchSql = new SearchSql(dialect, SearchSql.AndStrategy.INTERSECT);
        this.keySql = new AthenaKeySql(dialect, settings.catalog() + "." + settings.database() + "." + KEYS_TABLE);
    }

    /**
     * The DDL of {@value #KEYS_TABLE} for these settings (for the deployment templates and tests): Parquet keys,
     * partition {@code search_id} projected with type {@code injected}, so every query must name its search.
     */
    public static String keysTableDdl(AthenaSettings settings) {
        String searches = settings.output().resolve(SEARCHES).toString();
        return "CREATE EXTERNAL TABLE IF NOT EXISTS `" + settings.database() + "`.`" + KEYS_TABLE + "` ("
                + "object_id string, seq bigint, tag string, ts timestamp) PARTITIONED BY (search_id string) "
                + "STORED AS PARQUET LOCATION '" + searches + "' TBLPROPERTIES ('projection.enabled' = 'true', "
                + "'projection.search_id.type' = 'injected', "
                + "'storage.location.template' = '" + searches + "${search_id}/keys/')";
    }

    @Override
    public SearchId start(SearchRequest request) {
        requireNonNull(request, "request is null");
        SearchScope scope = new SearchScope(parser.parse(request.query()), new TimeRange(request.from(), request.to()),
                request.permissions());
        layout.ifPresent(WarehouseLayoutVersion::checkReadable);
        SearchId id = SearchId.random();
        Instant submitted = clock.instant();
        String executionId = engine.startUnload(searchSql.keys(scope), folder(id).resolve("keys/"));
        try {
            write(id, new StoredSearch(executionId, request, submitted));
        } catch (MinervaException e) {
            // Without its record the search could never be found: do not let it run for nothing.
            stopQuietly(executionId);
            throw e;
        }
        return id;
    }

    @Override
    public Optional<SearchStatus> status(SearchId id) {
        return read(requireNonNull(id, "id is null")).map(stored -> status(id, stored));
    }

    @Override
    public SearchStatus cancel(SearchId id) {
        StoredSearch stored = find(id);
        // A finished search stays as it is, as a finished local search does (and a stop would be a wasted call).
        if (!engine.execution(stored.executionId()).state().isDone()) {
            engine.stop(stored.executionId());
        }
        return status(id, stored);
    }

    @Override
    public LogsResult logs(SearchId id, LogsPage page) {
        requireNonNull(page, "page is null");
        StoredSearch stored = find(id);
        SearchStatus status = status(id, stored);
        if (status.state() != SearchState.SUCCEEDED) {
            return new LogsResult(status, List.of(), 0, 0, page, new TreeSet<>(), EngineStats.NONE);
        }
        TimeRange range = new TimeRange(stored.request().from(), stored.request().to());
        Optional<TimeRange> window = overlap(range, page.begin(), page.end());
        QueryCancellation cancellation = new QueryCancellation();
        long[] totals = new long[1];
        TreeSet<String> tags = new TreeSet<>();
        TreeMap<String, Long> windowCounts = new TreeMap<>();
        // Per tag, so that a reader narrower than the search's starter counts only the tags it may see.
        EngineStats stats = engine.execute(keySql.tagCounts(id, window.orElse(range), page.tags()), row -> {
            if (!page.visible().permits(row.string(1))) {
                return;
            }
            if (row.string(0).equals("total")) {
                tags.add(row.string(1));
                totals[0] += row.number(2);
            } else {
                windowCounts.merge(row.string(1), row.number(2), Long::sum);
            }
        }, cancellation);
        SortedSet<String> shown = page.shownTags(tags);
        long subTotal = 0;
        for (String tag : shown) {
            subTotal += windowCounts.getOrDefault(tag, 0L);
        }
        if (window.isEmpty()) {
            subTotal = 0;
        }
        // Every visible tag shown needs no tag condition; a narrower reader's page names its tags.
        Set<String> sqlTags = page.visible().unrestricted() && page.tags().isEmpty() ? Set.of() : shown;
        List<LogRow> logs = new ArrayList<>();
        if (window.isPresent() && page.limit() > 0 && !shown.isEmpty() && subTotal > page.offset()) {
            stats = stats.plus(engine.execute(keySql.page(id, window.get(), sqlTags, page.order(), page.limit(),
                    page.offset()), row -> logs.add(logRow(row)), cancellation));
        }
        return new LogsResult(status, logs, totals[0], subTotal, page, tags, stats);
    }

    @Override
    public Timeseries timeseries(SearchId id) {
        StoredSearch stored = find(id);
        Instant from = stored.request().from();
        Instant to = stored.request().to();
        Instant end = stored.request().end();
        List<String> labels = Timeseries.labels(from, end, Timeseries.BINS);
        TreeMap<String, List<Long>> counts = new TreeMap<>();
        if (engine.execution(stored.executionId()).state() != AthenaState.SUCCEEDED) {
            return new Timeseries(labels, counts);
        }
        TreeMap<String, long[]> bins = new TreeMap<>();
        engine.execute(keySql.histogram(id, new TimeRange(from, end), to, Timeseries.BINS), row -> {
            long bin = Math.min(Math.max(row.number(1), 0), Timeseries.BINS - 1);
            bins.computeIfAbsent(row.string(0), tag -> new long[Timeseries.BINS])[(int) bin] += row.number(2);
        }, new QueryCancellation());
        bins.forEach((tag, values) -> {
            List<Long> list = new ArrayList<>(values.length);
            for (long value : values) {
                list.add(value);
            }
            counts.put(tag, list);
        });
        return new Timeseries(labels, counts);
    }

    private SearchStatus status(SearchId id, StoredSearch stored) {
        AthenaExecution execution = engine.execution(stored.executionId());
        SearchState state;
        String reason = "";
        switch (execution.state()) {
            case SUCCEEDED -> state = SearchState.SUCCEEDED;
            case CANCELLED -> {
                state = SearchState.FAILED;
                reason = "Cancelled";
            }
            case FAILED -> {
                state = SearchState.FAILED;
                reason = execution.reason().isEmpty() ? "Athena query failed" : execution.reason();
            }
            default -> state = SearchState.RUNNING;
        }
        Instant end = execution.end().orElse(clock.instant());
        Duration elapsed = end.isBefore(stored.submitted()) ? Duration.ZERO : Duration.between(stored.submitted(), end);
        return new SearchStatus(id, stored.request(), state, reason, stored.submitted(), elapsed, execution.stats());
    }

    private StoredSearch find(SearchId id) {
        return read(requireNonNull(id, "id is null")).orElseThrow(() -> new SearchNotFoundException(id));
    }

    private S3Location folder(SearchId id) {
        return settings.output().resolve(SEARCHES + id + "/");
    }

    private void write(SearchId id, StoredSearch stored) {
        S3Location location = folder(id).resolve("search.json");
        ObjectNode root = json.createObjectNode();
        root.put("version", 1);
        root.put("execution_id", stored.executionId());
        root.put("query", stored.request().query());
        root.put("sent_query", stored.request().sentQuery());
        root.put("from", stored.request().from().toString());
        root.put("to", stored.request().to().toString());
        root.put("end", stored.request().end().toString());
        TagPermissions permissions = stored.request().permissions();
        if (permissions.unrestricted()) {
            root.putNull("permitted_tags");
        } else {
            ArrayNode tags = root.putArray("permitted_tags");
            permissions.tags().forEach(tags::add);
        }
        root.put("submitted", stored.submitted().toString());
        try {
            s3.putObject(r -> r.bucket(location.bucket()).key(location.key()).contentType("application/json"),
                    RequestBody.fromBytes(json.writeValueAsBytes(root)));
        } catch (IOException | SdkException e) {
            throw new MinervaException(CoreErrorCode.STORAGE_FAILED, "Cannot save search " + id + " to " + location + ": "
                    + e.getMessage(), e);
        }
    }

    private Optional<StoredSearch> read(SearchId id) {
        S3Location location = folder(id).resolve("search.json");
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key())).asByteArray();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new MinervaException(CoreErrorCode.STORAGE_FAILED, "Cannot read search " + id + " from " + location + ": "
                    + e.getMessage(), e);
        }
        try {
            JsonNode root = json.readTree(bytes);
            JsonNode tags = root.path("permitted_tags");
            TagPermissions permissions;
            if (tags.isArray()) {
                TreeSet<String> set = new TreeSet<>();
                tags.forEach(tag -> set.add(tag.asText()));
                permissions = TagPermissions.only(set);
            } else {
                permissions = TagPermissions.all();
            }
            Instant to = Instant.parse(root.path("to").asText());
            // Searches saved before "end" was kept end at their exclusive bound.
            SearchRequest request = new SearchRequest(root.path("query").asText(),
                    Instant.parse(root.path("from").asText()), to, permissions, root.path("sent_query").asText(""),
                    root.hasNonNull("end") ? Instant.parse(root.path("end").asText()) : to);
            String executionId = root.path("execution_id").asText();
            if (executionId.isEmpty()) {
                throw new IllegalArgumentException("no execution_id");
            }
            return Optional.of(new StoredSearch(executionId, request, Instant.parse(root.path("submitted").asText())));
        } catch (IOException | RuntimeException e) {
            throw new MinervaException(ErrorKind.INTERNAL, "Search " + id + " at " + location + " is damaged: "
                    + e.getMessage(), e);
        }
    }

    private void stopQuietly(String executionId) {
        try {
            engine.stop(executionId);
        } catch (MinervaException e) {
            // The failure being reported matters more; an unstopped search only costs its scan.
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

    /** What search.json holds. */
    private record StoredSearch(String executionId, SearchRequest request, Instant submitted) {
        StoredSearch {
            requireNonNull(executionId, "executionId is null");
            requireNonNull(request, "request is null");
            requireNonNull(submitted, "submitted is null");
        }
    }
}
