package dev.minerva.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.engine.RowSink;
import dev.minerva.core.query.BoundQuery;
import dev.minerva.core.query.DuckDbDialect;
import dev.minerva.core.query.PageRequest;
import dev.minerva.core.query.QueryParser;
import dev.minerva.core.query.ResultFilter;
import dev.minerva.core.query.SearchScope;
import dev.minerva.core.query.SearchSql;
import dev.minerva.core.query.SortOrder;
import dev.minerva.core.query.SqlDialect;
import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.query.TimeRange;
import dev.minerva.core.terms.FieldTermExtractor;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.ObjectOutput;
import dev.minerva.core.warehouse.SourceObject;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseLayoutVersion;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.duckdb.DuckDbQueryEngine;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches a warehouse written by the real writers (hand-made records plus filler in the same hours) through the
 * service on embedded DuckDB.
 */
class SearchServiceTest {
    private static final Instant FROM = Instant.parse("2020-10-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2020-10-01T03:00:00Z");
    private static final TimeRange RANGE = new TimeRange(FROM, TO);
    private static final Clock WRITE_CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    private static final int FILLER_PER_HOUR = 4000;

    @TempDir
    static Path root;

    private static DuckDbQueryEngine engine;
    private static ExecutorService executor;

    /** One hand-made record of an object: seq, tag, time and its fields. */
    private record Fixture(long seq, String tag, String ts, Map<String, Object> fields) {
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @BeforeAll
    static void writeWarehouse() throws Exception {
        Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(root), WarehouseOptions.defaults(), WRITE_CLOCK);
        index(warehouse, "s3://trail/a.json", List.of(
                new Fixture(1, "aws.cloudtrail", "2020-10-01T00:10:00Z", fields("eventName", "ConsoleLogin",
                        "userIdentity", fields("arn", "arn:aws:iam::123456789012:user/alice"),
                        "sourceIPAddress", "10.0.0.1")),
                new Fixture(2, "aws.cloudtrail", "2020-10-01T00:20:00Z", fields("eventName", "DeleteBucket",
                        "userIdentity", fields("arn", "arn:aws:iam::123456789012:user/bob"),
                        "sourceIPAddress", "10.0.0.2"))));
        index(warehouse, "s3://flow/b.log", List.of(
                new Fixture(1, "aws.vpcflowlogs", "2020-10-01T01:05:00Z",
                        fields("srcaddr", "10.0.0.1", "dstaddr", "10.0.0.9", "action", "ACCEPT")),
                new Fixture(2, "aws.vpcflowlogs", "2020-10-01T01:30:00Z",
                        fields("srcaddr", "10.0.0.2", "dstaddr", "10.0.0.1", "action", "REJECT"))));
        index(warehouse, "s3://guard/c.json", List.of(
                new Fixture(1, "aws.guardduty", "2020-10-01T02:15:00Z", fields("title", "hello", "ip", "10.0.0.1")),
                new Fixture(2, "aws.guardduty", "2020-10-01T04:00:00Z", fields("ip", "10.0.0.1"))));
        // Filler in every searched hour: what a needle search should not have to read.
        for (int hour = 0; hour < 3; hour++) {
            List<Fixture> filler = new ArrayList<>();
            for (int i = 1; i <= FILLER_PER_HOUR; i++) {
                String ts = FROM.plusSeconds(hour * 3600L + i * 3600L / (FILLER_PER_HOUR + 1)).toString();
                filler.add(new Fixture(i, "aws.vpcflowlogs", ts, fields("srcaddr", "172.16." + (i % 251) + "." + hour,
                        "dstaddr", "192.168.1." + (i % 17), "action", i % 3 == 0 ? "REJECT" : "ACCEPT",
                        "bytes", (long) i * 37, "note", "flow number " + i + " of hour " + hour)));
            }
            index(warehouse, "s3://flow/filler-" + hour + ".log", filler);
        }
        engine = new DuckDbQueryEngine(root);
        executor = Executors.newFixedThreadPool(2);
    }

    private static void index(Warehouse warehouse, String location, List<Fixture> records) throws Exception {
        ObjectMapper json = new ObjectMapper();
        FieldTermExtractor extractor = new FieldTermExtractor(new TermTokenizer());
        try (ObjectOutput out = warehouse.beginObject(new SourceObject(URI.create(location), "v1"))) {
            for (Fixture record : records) {
                Instant ts = Instant.parse(record.ts());
                out.message(record.tag(), ts, record.seq(), json.writeValueAsString(record.fields()));
                extractor.extract(record.fields(), (field, term) -> {
                    try {
                        out.term(record.tag(), field, term, ts, record.seq());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            out.commit();
        }
    }

    @AfterAll
    static void close() {
        executor.shutdownNow();
        engine.close();
    }

    private static SearchService service(QueryEngine queryEngine, Path warehouseRoot, Clock clock,
            SearchServiceOptions options) {
        return new SearchService(queryEngine, new DuckDbDialect(), new QueryParser(new TermTokenizer()),
                new LocalWarehouseStorage(warehouseRoot), executor, clock, options);
    }

    private static SearchService service() {
        return service(engine, root, Clock.systemUTC(), SearchServiceOptions.defaults());
    }

    private static SearchRequest request(String query) {
        return new SearchRequest(query, FROM, TO, TagPermissions.all());
    }

    private static List<String> times(LogsResult result) {
        return result.logs().stream().map(row -> row.timestamp().toString().substring(11, 16)).toList();
    }

    private static SearchId started(SearchService service, SearchRequest request) throws InterruptedException {
        SearchId id = service.start(request);
        assertThat(service.await(id, Duration.ofSeconds(10)).state()).isEqualTo(SearchState.SUCCEEDED);
        return id;
    }

    @Test
    void aWarehouseOfANewerLayoutFailsTheSearchAtOnceInsteadOfAnsweringFromFilesItMisreads(@TempDir Path newer)
            throws Exception {
        java.nio.file.Files.writeString(newer.resolve(WarehouseLayoutVersion.KEY), "{\"layout\": 9, \"oldest_layout\": 9}");
        SearchService service = service(engine, newer, Clock.systemUTC(), SearchServiceOptions.defaults());

        assertThatThrownBy(() -> service.start(request("10.0.0.1")))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessageContaining("files of layout 9, written by a newer Minerva")
                .hasMessageContaining("Upgrade Minerva");
    }

    @Test
    void aSearchFindsItsHitsWithTotalsTagsAndTheRecordsAsStored() throws Exception {
        SearchResult result = service().searchNow(request("10.0.0.1"), LogsPage.first(50));
        assertThat(result.status().state()).isEqualTo(SearchState.SUCCEEDED);
        assertThat(result.page().total()).isEqualTo(4);
        assertThat(result.page().subTotal()).isEqualTo(4);
        assertThat(result.page().tags()).containsExactly("aws.cloudtrail", "aws.guardduty", "aws.vpcflowlogs");
        assertThat(result.tagCounts()).containsExactly(Map.entry("aws.cloudtrail", 1L), Map.entry("aws.guardduty", 1L),
                Map.entry("aws.vpcflowlogs", 2L));
        assertThat(times(result.page())).containsExactly("02:15", "01:30", "01:05", "00:10");
        LogRow first = result.page().logs().get(0);
        assertThat(first.tag()).isEqualTo("aws.guardduty");
        assertThat(first.message()).isEqualTo("{\"title\":\"hello\",\"ip\":\"10.0.0.1\"}");
        assertThat(service().searchNow(request("alice 10.0.0.1"), LogsPage.first(50)).page().logs())
                .extracting(LogRow::tag).containsExactly("aws.cloudtrail");
    }

    @Test
    void pagesFiltersAndOrderReadTheKeptKeys() throws Exception {
        SearchService service = service();
        SearchId id = started(service, request("10.0.0.1"));
        assertThat(times(service.logs(id, LogsPage.first(2)))).containsExactly("02:15", "01:30");
        assertThat(times(service.logs(id, LogsPage.first(2).withOffset(2)))).containsExactly("01:05", "00:10");
        assertThat(service.logs(id, LogsPage.first(2).withOffset(4)).logs()).isEmpty();
        assertThat(times(service.logs(id, LogsPage.first(3).withOrder(SortOrder.OLDEST_FIRST))))
                .containsExactly("00:10", "01:05", "01:30");
        LogsResult vpcEarly = service.logs(id, LogsPage.first(10).withTags(Set.of("aws.vpcflowlogs"))
                .withWindow(FROM, Instant.parse("2020-10-01T01:10:00Z")));
        assertThat(times(vpcEarly)).containsExactly("01:05");
        assertThat(vpcEarly.total()).isEqualTo(4);
        assertThat(vpcEarly.subTotal()).isEqualTo(1);
        assertThat(vpcEarly.tags()).containsExactly("aws.cloudtrail", "aws.guardduty", "aws.vpcflowlogs");
        // A page reads message rows only: no term file is scanned again.
        assertThat(vpcEarly.stats().bytesRead()).isLessThan(service.status(id).orElseThrow().scannedBytes());
        LogsResult outside = service.logs(id, LogsPage.first(10).withWindow(TO, TO.plusSeconds(60)));
        assertThat(outside.subTotal()).isZero();
        assertThat(outside.total()).isEqualTo(4);
        assertThat(outside.logs()).isEmpty();
    }

    @Test
    void countsOverTheWholeRangeComeFromTheKeptTagCountsAndANarrowerWindowCountsItsKeys() throws Exception {
        CountingEngine counting = new CountingEngine(engine);
        SearchService service = service(counting, root, Clock.systemUTC(), SearchServiceOptions.defaults());
        SearchId id = started(service, request("10.0.0.1"));
        int afterSearch = counting.executions;
        LogsResult vpc = service.logs(id, LogsPage.first(10).withTags(Set.of("aws.vpcflowlogs")));
        assertThat(vpc.total()).isEqualTo(4);
        assertThat(vpc.subTotal()).isEqualTo(2);
        assertThat(vpc.tags()).containsExactly("aws.cloudtrail", "aws.guardduty", "aws.vpcflowlogs");
        assertThat(times(vpc)).containsExactly("01:30", "01:05");
        // Page keys and page: the counts of the whole range need no statement.
        assertThat(counting.executions - afterSearch).isEqualTo(2);
        LogsResult narrower = service.logs(id, LogsPage.first(10).withTags(Set.of("aws.vpcflowlogs", "aws.guardduty"))
                .withWindow(FROM.plusMillis(1), TO));
        assertThat(narrower.total()).isEqualTo(4);
        assertThat(narrower.subTotal()).isEqualTo(3);
        assertThat(narrower.tags()).isEqualTo(vpc.tags());
        assertThat(times(narrower)).containsExactly("02:15", "01:30", "01:05");
        assertThat(service.logs(id, LogsPage.first(10).withTags(Set.of("aws.nothing"))).subTotal()).isZero();
    }

    @Test
    void timeseriesHasTwentyLabelledBinsPerTag() throws Exception {
        SearchService service = service();
        SearchId id = started(service, request("10.0.0.1"));
        Timeseries series = service.timeseries(id);
        assertThat(series.labels()).hasSize(20).startsWith("00:00", "00:09", "00:18").endsWith("02:51");
        List<Long> vpc = new ArrayList<>(java.util.Collections.nCopies(20, 0L));
        vpc.set(7, 1L); // 01:05 in [01:03, 01:12)
        vpc.set(10, 1L); // 01:30 in [01:30, 01:39)
        assertThat(series.counts().get("aws.vpcflowlogs")).isEqualTo(vpc);
        assertThat(series.counts().get("aws.cloudtrail").get(1)).isEqualTo(1L); // 00:10
        assertThat(series.counts().get("aws.guardduty").get(15)).isEqualTo(1L); // 02:15 in [02:15, 02:24)
        assertThat(series.counts()).hasSize(3);
        assertThat(Timeseries.labels(FROM, FROM.plus(Duration.ofDays(40)), 20)).startsWith("Oct-20 00:00")
                .endsWith("Nov-20 00:00"); // bin 19 starts on 8 November
        assertThat(Timeseries.labels(FROM, FROM.plus(Duration.ofDays(400)), 20).get(1)).isEqualTo("2020-10-21 00:00");
    }

    @Test
    void permissionsLimitRowsCountsAndTags() throws Exception {
        SearchService service = service();
        SearchId id = started(service, new SearchRequest("10.0.0.1", FROM, TO,
                TagPermissions.only(Set.of("aws.cloudtrail", "aws.vpcflowlogs"))));
        LogsResult page = service.logs(id, LogsPage.first(50));
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.tags()).containsExactly("aws.cloudtrail", "aws.vpcflowlogs");
        assertThat(page.logs()).extracting(LogRow::tag).doesNotContain("aws.guardduty");
        assertThat(service.timeseries(id).counts()).doesNotContainKey("aws.guardduty");
        // Asking for a forbidden tag shows nothing of it.
        assertThat(service.logs(id, LogsPage.first(50).withTags(Set.of("aws.guardduty"))).subTotal()).isZero();
    }

    @Test
    void syntaxAndRangeErrorsFailAtStartWithTheColumn() {
        SearchService service = service();
        assertThatThrownBy(() -> service.start(request("alice AND (bob")))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessageContaining("column 11");
        assertThatThrownBy(() -> service.start(new SearchRequest("alice", TO, FROM, TagPermissions.all())))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessageContaining("must be before");
        assertThatThrownBy(() -> service.logs(SearchId.random(), LogsPage.first(1)))
                .isInstanceOf(SearchNotFoundException.class).hasMessageStartingWith("Search result is not found: ");
    }

    @Test
    void anEmptyWarehouseHasNoHitsAndFilesPublishedLaterAreFound(@TempDir Path empty) throws Exception {
        try (DuckDbQueryEngine emptyEngine = new DuckDbQueryEngine(empty)) {
            SearchService service = service(emptyEngine, empty, Clock.systemUTC(), SearchServiceOptions.defaults());
            SearchResult nothing = service.searchNow(request("10.0.0.1"), LogsPage.first(10));
            assertThat(nothing.page().total()).isZero();
            assertThat(nothing.page().logs()).isEmpty();
            assertThat(nothing.timeseries().counts()).isEmpty();
            assertThat(service.searchNow(request("NOT alice"), LogsPage.first(10)).page().total()).isZero();
            Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(empty), WarehouseOptions.defaults(),
                    WRITE_CLOCK);
            index(warehouse, "s3://late/x.json", List.of(
                    new Fixture(1, "aws.cloudtrail", "2020-10-01T00:30:00Z", fields("ip", "10.0.0.1"))));
            assertThat(service.searchNow(request("10.0.0.1"), LogsPage.first(10)).page().total()).isEqualTo(1);
        }
    }

    @Test
    void aFileRewrittenUnderItsOwnNameIsReadAfreshByTheSameEngine(@TempDir Path dir) throws Exception {
        // The engine caches Parquet footers; a re-index rewrites the same file names at once, with other rows.
        try (DuckDbQueryEngine cached = new DuckDbQueryEngine(dir)) {
            SearchService service = service(cached, dir, Clock.systemUTC(), SearchServiceOptions.defaults());
            Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(dir), WarehouseOptions.defaults(),
                    WRITE_CLOCK);
            index(warehouse, "s3://again/x.json", List.of(
                    new Fixture(1, "aws.cloudtrail", "2020-10-01T00:30:00Z", fields("ip", "10.0.0.1"))));
            assertThat(service.searchNow(request("10.0.0.1"), LogsPage.first(10)).page().total()).isEqualTo(1);
            List<Fixture> rewritten = new ArrayList<>();
            for (int seq = 1; seq <= 300; seq++) {
                rewritten.add(new Fixture(seq, "aws.cloudtrail", "2020-10-01T00:31:00Z",
                        fields("ip", "10.0.9." + (seq % 200), "note", "rewritten record number " + seq)));
            }
            index(warehouse, "s3://again/x.json", rewritten);
            assertThat(service.searchNow(request("10.0.0.1"), LogsPage.first(10)).page().total()).isZero();
            SearchResult found = service.searchNow(request("rewritten"), LogsPage.first(10));
            assertThat(found.page().total()).isEqualTo(300);
            assertThat(found.page().logs()).hasSize(10);
        }
    }

    @Test
    void pagesNameTheirKeysAsConstantsUpToAThousandAndJoinAloneBeyond() throws Exception {
        SearchService service = service();
        SearchResult small = service.searchNow(request("ACCEPT"), LogsPage.first(900));
        SearchResult large = service.searchNow(request("ACCEPT"), LogsPage.first(2500));
        assertThat(small.page().logs()).hasSize(900);
        assertThat(large.page().logs()).hasSize(2500);
        assertThat(large.page().logs().subList(0, 900)).isEqualTo(small.page().logs());
    }

    @Test
    void pagesOfHitsInSeveralObjectsAndHoursAreThoseOfTheOneStatementPage() throws Exception {
        // REJECT is in every third filler record of each hour (one object per hour) and in b.log; 10.0.0.1 in three
        // other objects: pages cross hours and objects, and pages beyond a thousand keys read by the join alone.
        pagesAreThoseOfTheOneStatementPage(service());
        // The page as Trino is given it (an OR of each object with its seqs), run on DuckDB.
        pagesAreThoseOfTheOneStatementPage(new SearchService(engine, new DisjunctsDialect(),
                new QueryParser(new TermTokenizer()), new LocalWarehouseStorage(root), executor, Clock.systemUTC(),
                SearchServiceOptions.defaults()));
    }

    private static void pagesAreThoseOfTheOneStatementPage(SearchService service) throws Exception {
        SearchRequest request = request("REJECT OR 10.0.0.1");
        SearchId id = started(service, request);
        SearchScope scope = new SearchScope(new QueryParser(new TermTokenizer()).parse(request.query()), RANGE,
                request.permissions());
        SearchSql sql = new SearchSql(new DuckDbDialect());
        List<LogsPage> pages = List.of(LogsPage.first(7), LogsPage.first(50).withOffset(1310),
                LogsPage.first(40).withOffset(2650).withOrder(SortOrder.OLDEST_FIRST), LogsPage.first(1200),
                LogsPage.first(1000).withOffset(900).withOrder(SortOrder.OLDEST_FIRST),
                LogsPage.first(30).withTags(Set.of("aws.cloudtrail", "aws.guardduty")),
                LogsPage.first(60).withOffset(5).withWindow(Instant.parse("2020-10-01T00:55:00Z"),
                        Instant.parse("2020-10-01T02:20:00Z")));
        for (LogsPage page : pages) {
            TimeRange window = RANGE.intersect(new TimeRange(page.begin().isBefore(FROM) ? FROM : page.begin(),
                    page.end().isAfter(TO) ? TO : page.end()));
            List<LogRow> expected = new ArrayList<>();
            engine.execute(sql.hits(scope, ResultFilter.of(page.tags(), window),
                    new PageRequest(page.limit(), page.offset(), page.order())),
                    row -> expected.add(new LogRow(row.string(0), row.instant(1), row.string(2))),
                    new QueryCancellation());
            assertThat(expected).as("page %s", page).isNotEmpty();
            assertThat(service.logs(id, page).logs()).as("page %s", page).isEqualTo(expected);
        }
    }

    @Test
    void aNeedleReadsLessThanTheWarehouseHolds() throws Exception {
        SearchResult needle = service().searchNow(request("alice"), LogsPage.first(50));
        SearchResult common = service().searchNow(request("ACCEPT"), LogsPage.first(50));
        WarehouseTotals warehouse = needle.warehouse();
        System.out.printf("warehouse: %d files, %d bytes (searched hours: %d files, %d bytes)%n", warehouse.files(),
                warehouse.bytes(), warehouse.rangeFiles(), warehouse.rangeBytes());
        for (SearchResult result : List.of(needle, common)) {
            EngineStats stats = result.stats();
            System.out.printf("%-8s %6d hits %5d ms %3d files %9d bytes read, row groups %d of %d%n",
                    result.status().request().query(), result.page().total(), stats.elapsed().toMillis(),
                    stats.filesRead(), stats.bytesRead(), stats.rowGroupsRead(), stats.rowGroupsTotal());
        }
        assertThat(needle.page().total()).isEqualTo(1);
        assertThat(common.page().total()).isGreaterThan(5000);
        assertThat(needle.stats().bytesRead()).isPositive().isLessThan(warehouse.rangeBytes());
        assertThat(needle.stats().bytesRead()).isLessThan(common.stats().bytesRead());
        assertThat(needle.stats().filesRead()).isPositive();
        assertThat(warehouse.rangeFiles()).isLessThan(warehouse.files()); // guardduty's 04:00 hour is outside
    }

    @Test
    void cancellingInterruptsTheRunningStatement() throws Exception {
        BlockingEngine blocking = new BlockingEngine();
        SearchService service = service(blocking, root, Clock.systemUTC(), SearchServiceOptions.defaults());
        SearchId id = service.start(request("alice"));
        assertThat(blocking.started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(service.status(id).orElseThrow().state()).isEqualTo(SearchState.RUNNING);
        service.cancel(id);
        SearchStatus status = service.await(id, Duration.ofSeconds(5));
        assertThat(status.state()).isEqualTo(SearchState.FAILED);
        assertThat(status.failureReason()).isEqualTo("Cancelled");
        assertThat(blocking.dropped).containsExactly(id.tableName());

        // The DuckDB engine stops a statement on cancel instead of running it to the end.
        QueryCancellation cancellation = new QueryCancellation();
        Future<EngineStats> slow = executor.submit(() -> engine.execute(new BoundQuery(
                "SELECT count(*) FROM range(?) t WHERE t.range % 7 = 3", List.of(1_000_000_000_000L)), row -> { },
                cancellation));
        Thread.sleep(200);
        long start = System.nanoTime();
        cancellation.cancel();
        assertThatThrownBy(slow::get).hasCauseInstanceOf(CancellationException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void searchesExpireAndTheOldestIsDroppedBeyondTheBound() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        SearchService service = service(engine, root, clock, new SearchServiceOptions(Duration.ofHours(24), 2));
        SearchId first = started(service, request("alice"));
        clock.advance(Duration.ofHours(1));
        SearchId second = started(service, request("bob"));
        clock.advance(Duration.ofHours(1));
        SearchId third = started(service, request("hello"));
        assertThat(service.status(first)).isEmpty();
        assertThat(service.status(second)).isPresent();
        clock.advance(Duration.ofHours(23).plusMinutes(1));
        assertThat(service.status(second)).isEmpty();
        assertThat(service.status(third)).isPresent();
        assertThatThrownBy(() -> service.logs(second, LogsPage.first(1))).isInstanceOf(SearchNotFoundException.class);
        // The kept keys of an expired search are gone from the engine.
        assertThatThrownBy(() -> engine.execute(new BoundQuery("SELECT count(*) FROM " + second.tableName(),
                List.of()), row -> { }, new QueryCancellation())).isInstanceOf(MinervaException.class);
        assertThat(service.logs(third, LogsPage.first(5)).total()).isEqualTo(1);
    }

    /** A clock tests move by hand. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** DuckDB's dialect, but asking for the page's OR of (object, seqs) pairs that Trino's dialect asks for. */
    private static final class DisjunctsDialect implements SqlDialect {
        private final DuckDbDialect duckDb = new DuckDbDialect();

        @Override
        public String termsTable() {
            return duckDb.termsTable();
        }

        @Override
        public String messagesTable() {
            return duckDb.messagesTable();
        }

        @Override
        public String timestampParameter() {
            return duckDb.timestampParameter();
        }

        @Override
        public Object timestampValue(Instant instant) {
            return duckDb.timestampValue(instant);
        }

        @Override
        public String epochMillis(String column) {
            return duckDb.epochMillis(column);
        }

        @Override
        public boolean prunesByDisjuncts() {
            return true;
        }
    }

    /** Passes every statement to another engine, counting the executions (kept tables aside). */
    private static final class CountingEngine implements QueryEngine {
        private final QueryEngine delegate;
        volatile int executions;

        CountingEngine(QueryEngine delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized EngineStats execute(BoundQuery query, RowSink sink, QueryCancellation cancellation) {
            executions++;
            return delegate.execute(query, sink, cancellation);
        }

        @Override
        public EngineStats createTable(String name, BoundQuery query, QueryCancellation cancellation) {
            return delegate.createTable(name, query, cancellation);
        }

        @Override
        public void dropTable(String name) {
            delegate.dropTable(name);
        }

        @Override
        public void close() {
        }
    }

    /** An engine whose key statement runs until cancelled, as a long search on a big warehouse would. */
    private static final class BlockingEngine implements QueryEngine {
        final CountDownLatch started = new CountDownLatch(1);
        final List<String> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public EngineStats execute(BoundQuery query, RowSink sink, QueryCancellation cancellation) {
            throw new AssertionError("not reached");
        }

        @Override
        public EngineStats createTable(String name, BoundQuery query, QueryCancellation cancellation) {
            CountDownLatch interrupted = new CountDownLatch(1);
            cancellation.onCancel(interrupted::countDown);
            started.countDown();
            try {
                interrupted.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new CancellationException("Query cancelled");
        }

        @Override
        public void dropTable(String name) {
            dropped.add(name);
        }

        @Override
        public void close() {
        }
    }
}
