package dev.minerva.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.core.terms.FieldTermExtractor;
import dev.minerva.core.terms.TermTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the compiled SQL on DuckDB over Parquet files laid out as the warehouse lays them out, including a record
 * duplicated in two files (as compaction can leave it) and a corrupt file in an hour outside the searched range.
 */
class DuckDbSearchSqlTest {
    private static final Instant FROM = Instant.parse("2020-10-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2020-10-01T03:00:00Z");
    private static final TimeRange RANGE = new TimeRange(FROM, TO);

    @TempDir
    static Path warehouse;

    private static Connection connection;
    private final QueryParser parser = new QueryParser(new TermTokenizer());

    /** One indexed record: key, tag, time and the parsed fields. */
    private record Fixture(String objectId, long seq, String tag, String ts, Map<String, Object> fields) {
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static final List<Fixture> RECORDS = List.of(
            new Fixture("A", 1, "aws.cloudtrail", "2020-10-01T00:10:00Z", fields("eventName", "ConsoleLogin",
                    "userIdentity", fields("arn", "arn:aws:iam::123456789012:user/alice"),
                    "sourceIPAddress", "10.0.0.1", "msg", "Hello World-wide web")),
            new Fixture("A", 2, "aws.cloudtrail", "2020-10-01T00:20:00Z", fields("eventName", "DeleteBucket",
                    "userIdentity", fields("arn", "arn:aws:iam::123456789012:user/bob"),
                    "sourceIPAddress", "10.0.0.2")),
            new Fixture("B", 1, "aws.vpcflowlogs", "2020-10-01T01:05:00Z",
                    fields("srcaddr", "10.0.0.1", "dstaddr", "10.0.0.9", "action", "ACCEPT", "bytes", 1234567L)),
            new Fixture("B", 2, "aws.vpcflowlogs", "2020-10-01T01:30:00Z",
                    fields("srcaddr", "10.0.0.2", "dstaddr", "10.0.0.1", "action", "REJECT")),
            new Fixture("C", 1, "aws.guardduty", "2020-10-01T02:15:00Z",
                    fields("title", "world-wide hello", "ip", "10.0.0.1")),
            new Fixture("C", 2, "aws.guardduty", "2020-10-01T04:00:00Z", fields("ip", "10.0.0.1")),
            new Fixture("D", 1, "aws.guardduty", "2020-09-30T23:59:59.999Z", fields("ip", "10.0.0.1")));

    @BeforeAll
    static void writeWarehouse() throws Exception {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            // Not UTC on purpose: the dialect must not depend on the session zone for UTC-adjusted timestamps.
            statement.execute("SET TimeZone = 'Asia/Kolkata'");
            statement.execute("CREATE TABLE t (tag VARCHAR, field VARCHAR, term VARCHAR, ts TIMESTAMPTZ,"
                    + " object_id VARCHAR, seq BIGINT, dt VARCHAR)");
            statement.execute("CREATE TABLE m (tag VARCHAR, ts TIMESTAMPTZ, object_id VARCHAR, seq BIGINT,"
                    + " source VARCHAR, message VARCHAR, dt VARCHAR)");
        }
        ObjectMapper json = new ObjectMapper();
        FieldTermExtractor extractor = new FieldTermExtractor(new TermTokenizer());
        try (PreparedStatement terms = connection.prepareStatement(
                        "INSERT INTO t VALUES (?, ?, ?, CAST(? AS TIMESTAMPTZ), ?, ?, ?)");
                PreparedStatement messages = connection.prepareStatement(
                        "INSERT INTO m VALUES (?, CAST(? AS TIMESTAMPTZ), ?, ?, ?, ?, ?)")) {
            for (Fixture record : RECORDS) {
                String dt = SearchSql.hourPartition(Instant.parse(record.ts()));
                extractor.extract(record.fields(), (field, term) -> {
                    try {
                        terms.setString(1, record.tag());
                        terms.setString(2, field);
                        terms.setString(3, term);
                        terms.setString(4, record.ts());
                        terms.setString(5, record.objectId());
                        terms.setLong(6, record.seq());
                        terms.setString(7, dt);
                        terms.executeUpdate();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                messages.setString(1, record.tag());
                messages.setString(2, record.ts());
                messages.setString(3, record.objectId());
                messages.setLong(4, record.seq());
                messages.setString(5, "s3://bucket/" + record.objectId());
                messages.setString(6, json.writeValueAsString(record.fields()));
                messages.setString(7, dt);
                messages.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM t ORDER BY term) TO '" + warehouse.resolve("terms")
                    + "' (FORMAT parquet, PARTITION_BY (dt))");
            statement.execute("COPY (SELECT * FROM m ORDER BY object_id, seq) TO '" + warehouse.resolve("messages")
                    + "' (FORMAT parquet, PARTITION_BY (dt))");
            // Compaction in progress: record (B, 1) is also in a second file of its hour.
            statement.execute("COPY (SELECT * EXCLUDE (dt) FROM t WHERE object_id = 'B' AND seq = 1) TO '"
                    + warehouse.resolve("terms/dt=2020-10-01-01/compacted.parquet") + "' (FORMAT parquet)");
            statement.execute("COPY (SELECT * EXCLUDE (dt) FROM m WHERE object_id = 'B' AND seq = 1) TO '"
                    + warehouse.resolve("messages/dt=2020-10-01-01/compacted.parquet") + "' (FORMAT parquet)");
        }
        // Hours outside the range hold files DuckDB cannot read: a query that opens them fails, proving pruning.
        for (String table : new String[] {"terms", "messages"}) {
            Path hour = Files.createDirectories(warehouse.resolve(table + "/dt=2020-10-02-00"));
            Files.writeString(hour.resolve("corrupt.parquet"), "not parquet");
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : new String[] {"terms", "messages"}) {
                statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + warehouse.resolve(table)
                        + "/*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR})");
            }
        }
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    /** Binds as the DuckDB engine must: String with setString (timestamps too, cast in SQL), Long with setLong. */
    private static List<List<Object>> run(BoundQuery query) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
            for (int i = 0; i < query.parameters().size(); i++) {
                Object value = query.parameters().get(i);
                if (value instanceof Long number) {
                    statement.setLong(i + 1, number);
                } else {
                    statement.setString(i + 1, (String) value);
                }
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private SearchScope scope(String query) {
        return new SearchScope(parser.parse(query), RANGE, TagPermissions.all());
    }

    private static final Map<String, String> KEY_BY_TIME = Map.of(
            "2020-10-01T00:10:00Z", "A1", "2020-10-01T00:20:00Z", "A2", "2020-10-01T01:05:00Z", "B1",
            "2020-10-01T01:30:00Z", "B2", "2020-10-01T02:15:00Z", "C1");

    /** The hits as record names (A1 = object A, seq 1), in result order; the message is checked to belong. */
    private List<String> hits(SearchSql sql, SearchScope scope, ResultFilter filter, PageRequest page)
            throws SQLException {
        List<String> names = new ArrayList<>();
        for (List<Object> row : run(sql.hits(scope, filter, page))) {
            Instant ts = ((OffsetDateTime) row.get(1)).toInstant();
            String name = KEY_BY_TIME.get(ts.toString());
            Fixture fixture = RECORDS.stream().filter(r -> Instant.parse(r.ts()).equals(ts)).findFirst().orElseThrow();
            assertThat(row.get(0)).isEqualTo(fixture.tag());
            assertThat((String) row.get(2)).startsWith("{\"" + fixture.fields().keySet().iterator().next() + "\"");
            names.add(name);
        }
        return names;
    }

    private List<String> hits(SearchSql sql, String query) throws SQLException {
        return hits(sql, scope(query), ResultFilter.none(RANGE), new PageRequest(100, 0, SortOrder.NEWEST_FIRST));
    }

    @ParameterizedTest
    @EnumSource(SearchSql.AndStrategy.class)
    void booleanFieldPhraseAndTagQueriesFindExactlyTheirRecords(SearchSql.AndStrategy strategy) throws SQLException {
        SearchSql sql = new SearchSql(new DuckDbDialect(), strategy);
        assertThat(hits(sql, "10.0.0.1")).containsExactly("C1", "B2", "B1", "A1");
        assertThat(hits(sql, "srcaddr:10.0.0.1")).containsExactly("B1");
        assertThat(hits(sql, "SRCADDR:10.0.0.1")).containsExactly("B1");
        assertThat(hits(sql, "10.0.0.1 AND alice")).containsExactly("A1");
        assertThat(hits(sql, "10.0.0.1 ACCEPT 1234567")).containsExactly("B1");
        assertThat(hits(sql, "alice OR bob")).containsExactly("A2", "A1");
        assertThat(hits(sql, "10.0.0.1 -srcaddr:10.0.0.1")).containsExactly("C1", "B2", "A1");
        assertThat(hits(sql, "NOT 10.0.0.1")).containsExactly("A2");
        assertThat(hits(sql, "(alice OR reject) NOT tag:aws.cloudtrail")).containsExactly("B2");
        assertThat(hits(sql, "\"hello world-wide\"")).containsExactly("A1");
        assertThat(hits(sql, "hello world-wide")).containsExactly("C1", "A1");
        assertThat(hits(sql, "msg:\"Hello World-wide\"")).containsExactly("A1");
        assertThat(hits(sql, "title:\"hello world-wide\"")).isEmpty();
        assertThat(hits(sql, "tag:aws.cloudtrail 10.0.0.1")).containsExactly("A1");
        assertThat(hits(sql, "tag:aws.v*")).containsExactly("B2", "B1");
        assertThat(hits(sql, "userIdentity.arn:arn:aws:iam::123456789012:user/alice")).containsExactly("A1");
        assertThat(hits(sql, "user/bob")).containsExactly("A2");
        assertThat(hits(sql, "useridentity.arn:alice")).containsExactly("A1");
    }

    @Test
    void pagesAreStableInBothOrders() throws SQLException {
        SearchSql sql = new SearchSql(new DuckDbDialect());
        ResultFilter none = ResultFilter.none(RANGE);
        assertThat(hits(sql, scope("10.0.0.1"), none, new PageRequest(2, 0, SortOrder.NEWEST_FIRST)))
                .containsExactly("C1", "B2");
        assertThat(hits(sql, scope("10.0.0.1"), none, new PageRequest(2, 2, SortOrder.NEWEST_FIRST)))
                .containsExactly("B1", "A1");
        assertThat(hits(sql, scope("10.0.0.1"), none, new PageRequest(2, 4, SortOrder.NEWEST_FIRST))).isEmpty();
        assertThat(hits(sql, scope("10.0.0.1"), none, new PageRequest(1, 1, SortOrder.OLDEST_FIRST)))
                .containsExactly("B1");
        ResultFilter vpcEarly = ResultFilter.of(Set.of("aws.vpcflowlogs", "aws.guardduty"),
                new TimeRange(FROM, Instant.parse("2020-10-01T01:10:00Z")));
        assertThat(hits(sql, scope("10.0.0.1"), vpcEarly, new PageRequest(10, 0, SortOrder.NEWEST_FIRST)))
                .containsExactly("B1");
    }

    @Test
    void countsPerTagIncludeTheFilteredSubtotalAndCountDuplicatesOnce() throws SQLException {
        SearchSql sql = new SearchSql(new DuckDbDialect());
        ResultFilter vpcEarly = ResultFilter.of(Set.of("aws.vpcflowlogs"),
                new TimeRange(FROM, Instant.parse("2020-10-01T01:10:00Z")));
        assertThat(run(sql.tagCounts(scope("10.0.0.1"), vpcEarly))).containsExactly(
                List.of("aws.cloudtrail", 1L, 0L), List.of("aws.guardduty", 1L, 0L),
                List.of("aws.vpcflowlogs", 2L, 1L));
    }

    @Test
    void histogramSplitsTheRangeIntoEqualBinsPerTag() throws SQLException {
        SearchSql sql = new SearchSql(new DuckDbDialect());
        assertThat(run(sql.histogram(scope("10.0.0.1"), RANGE, 3))).containsExactly(
                List.of("aws.cloudtrail", 0L, 1L), List.of("aws.guardduty", 2L, 1L),
                List.of("aws.vpcflowlogs", 1L, 2L));
        assertThat(run(sql.histogram(scope("10.0.0.1 OR 10.0.0.2"), RANGE, 12))).containsExactly(
                List.of("aws.cloudtrail", 0L, 1L), List.of("aws.cloudtrail", 1L, 1L),
                List.of("aws.guardduty", 9L, 1L), List.of("aws.vpcflowlogs", 4L, 1L),
                List.of("aws.vpcflowlogs", 6L, 1L));
    }

    @Test
    void permittedTagsApplyInsideTheQuerySoCountsDoNotLeak() throws SQLException {
        SearchSql sql = new SearchSql(new DuckDbDialect());
        TagPermissions permitted = TagPermissions.only(Set.of("aws.cloudtrail", "aws.vpcflowlogs"));
        SearchScope ip = new SearchScope(parser.parse("10.0.0.1"), RANGE, permitted);
        assertThat(run(sql.tagCounts(ip, ResultFilter.none(RANGE)))).containsExactly(
                List.of("aws.cloudtrail", 1L, 1L), List.of("aws.vpcflowlogs", 2L, 2L));
        SearchScope notAlice = new SearchScope(parser.parse("NOT alice"), RANGE, permitted);
        assertThat(hits(sql, notAlice, ResultFilter.none(RANGE), new PageRequest(10, 0, SortOrder.OLDEST_FIRST)))
                .containsExactly("A2", "B1", "B2");
        SearchScope nothing = new SearchScope(parser.parse("10.0.0.1"), RANGE, TagPermissions.only(Set.of()));
        assertThat(run(sql.tagCounts(nothing, ResultFilter.none(RANGE)))).isEmpty();
    }

    @Test
    void rangesOffTheHourKeepExactlyTheRecordsInside() throws SQLException {
        SearchSql sql = new SearchSql(new DuckDbDialect());
        TimeRange everything = new TimeRange(Instant.parse("2020-09-30T00:00:00Z"), Instant.parse("2020-10-02T00:00:00Z"));
        List<TimeRange> ranges = List.of(
                new TimeRange(Instant.parse("2020-10-01T00:15:00Z"), Instant.parse("2020-10-01T01:10:00Z")),
                new TimeRange(Instant.parse("2020-10-01T00:15:00Z"), Instant.parse("2020-10-01T02:00:00Z")),
                new TimeRange(Instant.parse("2020-10-01T00:00:00Z"), Instant.parse("2020-10-01T01:10:00Z")),
                new TimeRange(Instant.parse("2020-10-01T00:15:00Z"), Instant.parse("2020-10-01T00:25:00Z")),
                new TimeRange(Instant.parse("2020-10-01T00:10:00Z"), Instant.parse("2020-10-01T02:15:00Z")),
                new TimeRange(Instant.parse("2020-09-30T23:59:59.999Z"), Instant.parse("2020-10-01T00:10:00.001Z")),
                new TimeRange(Instant.parse("2020-10-01T00:00:00.001Z"), Instant.parse("2020-10-01T04:00:00Z")),
                new TimeRange(Instant.parse("2020-09-30T23:00:00Z"), Instant.parse("2020-10-01T05:00:00Z")));
        for (String query : List.of("10.0.0.1", "NOT alice", "\"hello world-wide\"", "10.0.0.1 -srcaddr:10.0.0.1")) {
            List<String> all = keyNames(sql.keys(new SearchScope(parser.parse(query), everything, TagPermissions.all())));
            for (TimeRange range : ranges) {
                List<String> expected = all.stream().filter(name -> {
                    Instant ts = RECORDS.stream().filter(r -> (r.objectId() + r.seq()).equals(name))
                            .map(r -> Instant.parse(r.ts())).findFirst().orElseThrow();
                    return !ts.isBefore(range.from()) && ts.isBefore(range.to());
                }).toList();
                SearchScope scope = new SearchScope(parser.parse(query), range, TagPermissions.all());
                assertThat(keyNames(sql.keys(scope))).as(query + " over " + range).isEqualTo(expected);
                assertThat(run(sql.tagCounts(scope, ResultFilter.none(range))).stream()
                        .mapToLong(row -> ((Number) row.get(1)).longValue()).sum())
                        .as(query + " counted over " + range).isEqualTo(expected.size());
            }
        }
    }

    /** The record names (A1 = object A, seq 1) of a keys statement's rows, sorted. */
    private static List<String> keyNames(BoundQuery keys) throws SQLException {
        return run(keys).stream().map(row -> row.get(0) + String.valueOf(row.get(1))).sorted().toList();
    }

    @Test
    void queryTextIsNeverSqlText() throws SQLException {
        SearchSql sql = new SearchSql(new DuckDbDialect());
        String[] attacks = {"'; DROP TABLE evil; --", "x OR 1=1", "\"') OR ('1'='1\"", "a\\' OR 1=1 --",
            "evil:\"x'; DELETE FROM messages; --\"", "'||(SELECT message FROM messages)||'"};
        for (String attack : attacks) {
            SearchScope scope = scope(attack);
            List<BoundQuery> statements = List.of(
                    sql.hits(scope, ResultFilter.none(RANGE), new PageRequest(10, 0, SortOrder.NEWEST_FIRST)),
                    sql.tagCounts(scope, ResultFilter.none(RANGE)), sql.histogram(scope, RANGE, 4));
            for (BoundQuery statement : statements) {
                assertThat(statement.sql()).doesNotContain("'", ";", "--", "1=1", "DROP", "DELETE");
                for (Object parameter : statement.parameters()) {
                    // Plain words (select, from) may coincide with SQL keywords; anything with syntax must not appear.
                    if (parameter instanceof String text && !text.matches("[a-z0-9]*")) {
                        assertThat(statement.sql().toLowerCase()).doesNotContain(text.toLowerCase());
                    }
                }
                assertThat(run(statement)).isEmpty();
            }
        }
        assertThat(run(sql.tagCounts(scope("10.0.0.1"), ResultFilter.none(RANGE)))).hasSize(3);
    }
}
