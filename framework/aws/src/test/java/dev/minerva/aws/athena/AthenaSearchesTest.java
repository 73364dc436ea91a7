package dev.minerva.aws.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.aws.athena.AthenaMoto;
import dev.minerva.aws.athena.AthenaQueryEngine;
import dev.minerva.aws.athena.AthenaSettings;
import dev.minerva.aws.s3.S3Location;
import dev.minerva.core.query.QueryParser;
import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.search.LogRow;
import dev.minerva.core.search.LogsPage;
import dev.minerva.core.search.LogsResult;
import dev.minerva.core.search.SearchId;
import dev.minerva.core.search.SearchNotFoundException;
import dev.minerva.core.search.SearchRequest;
import dev.minerva.core.search.SearchState;
import dev.minerva.core.search.SearchStatus;
import dev.minerva.core.search.Timeseries;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.WarehouseLayoutVersion;
import dev.minerva.aws.s3.S3WarehouseStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.s3.S3Client;

/** Stateless searches over moto_server: everything a later call needs is read back from Athena and S3. */
class AthenaSearchesTest {
    @RegisterExtension
    static final AthenaMoto MOTO = new AthenaMoto();

    private static final Instant FROM = Instant.parse("2020-10-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2020-10-01T03:00:00Z");
    private static final AthenaSettings SETTINGS = AthenaSettings.of("primary",
            S3Location.parse("s3://minerva-results/athena/"), "minerva")
            .withPolling(Duration.ofMillis(10), Duration.ofMillis(40));

    private AthenaClient athena;
    private S3Client s3;
    private AthenaSearches searches;

    @BeforeEach
    void start() {
        MOTO.reset();
        athena = MOTO.athena();
        s3 = MOTO.s3();
        s3.createBucket(b -> b.bucket("minerva-results"));
        searches = newInstance();
    }

    @AfterEach
    void stop() {
        MOTO.holdExecutions(false);
    }

    /** Another Lambda container: nothing shared but Athena and S3. */
    private AthenaSearches newInstance() {
        return new AthenaSearches(new AthenaQueryEngine(athena, SETTINGS), s3, new QueryParser(new TermTokenizer()),
                Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void aWarehouseOfANewerLayoutFailsTheSearchBeforeAnyQueryStartsAndOneOfThisLayoutIsSearched() {
        S3WarehouseStorage warehouse = new S3WarehouseStorage(s3, S3Location.parse("s3://minerva-results/athena/"));
        AthenaSearches checked = new AthenaSearches(new AthenaQueryEngine(athena, SETTINGS), s3,
                new QueryParser(new TermTokenizer()), Clock.systemUTC(),
                java.util.Optional.of(new WarehouseLayoutVersion(warehouse)));
        s3.putObject(r -> r.bucket("minerva-results").key("athena/" + WarehouseLayoutVersion.KEY),
                software.amazon.awssdk.core.sync.RequestBody.fromString("{\"layout\": 7, \"oldest_layout\": 7}"));

        assertThatThrownBy(() -> checked.start(new SearchRequest("alice", FROM, TO, TagPermissions.all())))
                .isInstanceOf(dev.minerva.spi.MinervaException.class)
                .hasMessageContaining("files of layout 7, written by a newer Minerva").hasMessageContaining("Upgrade");
        assertThat(athena.listQueryExecutions(r -> r.workGroup("primary")).queryExecutionIds()).as("no query ran").isEmpty();

        s3.putObject(r -> r.bucket("minerva-results").key("athena/" + WarehouseLayoutVersion.KEY),
                software.amazon.awssdk.core.sync.RequestBody.fromString("{\"layout\": 2, \"oldest_layout\": 1}"));
        AthenaSearches fresh = new AthenaSearches(new AthenaQueryEngine(athena, SETTINGS), s3,
                new QueryParser(new TermTokenizer()), Clock.systemUTC(),
                java.util.Optional.of(new WarehouseLayoutVersion(warehouse)));
        assertThat(fresh.start(new SearchRequest("alice", FROM, TO, TagPermissions.all()))).isNotNull();
    }

    @Test
    void startStatusLogsTimeseriesAndDeleteWorkFromAnyInstance() {
        SearchId id = searches.start(new SearchRequest("alice 10.0.0.1", FROM, TO,
                TagPermissions.only(Set.of("aws.cloudtrail", "aws.vpcflowlogs")), "[{\"term\":\"alice 10.0.0.1\"}]"));

        QueryExecution unload = onlyExecution();
        assertThat(unload.query()).startsWith("UNLOAD (WITH matched AS (")
                .endsWith(") TO 's3://minerva-results/athena/searches/" + id
                        + "/keys/' WITH (format = 'PARQUET', compression = 'ZSTD')")
                .doesNotContain("alice").doesNotContain("10.0.0.1").doesNotContain("cloudtrail");
        assertThat(unload.executionParameters()).contains("'alice'", "'aws.cloudtrail'", "'2020-10-01-00'",
                "'2020-10-01-02'");
        assertThat(s3.getObjectAsBytes(r -> r.bucket("minerva-results").key("athena/searches/" + id + "/search.json"))
                .asUtf8String()).contains(unload.queryExecutionId());

        AthenaSearches other = newInstance();
        SearchStatus status = other.status(id).orElseThrow();
        assertThat(status.state()).isEqualTo(SearchState.SUCCEEDED);
        assertThat(status.request()).isEqualTo(new SearchRequest("alice 10.0.0.1", FROM, TO,
                TagPermissions.only(Set.of("aws.cloudtrail", "aws.vpcflowlogs")), "[{\"term\":\"alice 10.0.0.1\"}]"));
        assertThat(status.submitted()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));

        // Follow-up queries start in this order: counts, then the page; then the histogram.
        MOTO.seed("[" + result("[[\"kind\",\"tag\",\"hits\"],[\"total\",\"aws.cloudtrail\",\"2\"],"
                + "[\"total\",\"aws.vpcflowlogs\",\"1\"],[\"window\",\"aws.cloudtrail\",\"2\"]]",
                "[[\"kind\",\"varchar\"],[\"tag\",\"varchar\"],[\"hits\",\"bigint\"]]") + ","
                + result("[[\"tag\",\"ts\",\"message\"],[\"aws.cloudtrail\",\"2020-10-01 00:20:00.000\","
                        + "\"{\\\"user\\\":\\\"alice\\\"}\"],[\"aws.cloudtrail\",\"2020-10-01 00:10:00.000\","
                        + "\"{\\\"user\\\":\\\"alice\\\",\\\"n\\\":1}\"]]",
                "[[\"tag\",\"varchar\"],[\"ts\",\"timestamp\"],[\"message\",\"varchar\"]]") + ","
                + result("[[\"tag\",\"bin\",\"hits\"],[\"aws.cloudtrail\",\"1\",\"2\"],[\"aws.vpcflowlogs\",\"8\",\"1\"]]",
                "[[\"tag\",\"varchar\"],[\"bin\",\"bigint\"],[\"hits\",\"bigint\"]]") + "]");

        LogsResult logs = other.logs(id, LogsPage.first(50).withTags(Set.of("aws.cloudtrail")));
        assertThat(logs.total()).isEqualTo(3);
        assertThat(logs.subTotal()).isEqualTo(2);
        assertThat(logs.tags()).containsExactly("aws.cloudtrail", "aws.vpcflowlogs");
        assertThat(logs.logs()).containsExactly(
                new LogRow("aws.cloudtrail", Instant.parse("2020-10-01T00:20:00Z"), "{\"user\":\"alice\"}"),
                new LogRow("aws.cloudtrail", Instant.parse("2020-10-01T00:10:00Z"), "{\"user\":\"alice\",\"n\":1}"));

        Timeseries series = newInstance().timeseries(id);
        assertThat(series.labels()).hasSize(20).startsWith("00:00", "00:09");
        assertThat(series.counts().get("aws.cloudtrail")).element(1).isEqualTo(2L);
        assertThat(series.counts().get("aws.vpcflowlogs")).element(8).isEqualTo(1L);

        List<QueryExecution> followUps = athena.listQueryExecutions(r -> { }).queryExecutionIds().stream()
                .map(e -> athena.getQueryExecution(r -> r.queryExecutionId(e)).queryExecution())
                .filter(e -> e.query().contains("minerva_search_keys")).toList();
        assertThat(followUps).hasSize(3).allSatisfy(e -> {
            assertThat(e.query()).doesNotContain(id.toString()).contains("search_id = ?");
            assertThat(e.executionParameters()).contains("'" + id + "'");
        });
        assertThat(followUps).anySatisfy(e -> assertThat(e.query()).contains("rn > ? AND rn <= ?")
                .contains("AwsDataCatalog.minerva.minerva_messages"));

        SearchStatus afterDelete = newInstance().cancel(id);
        assertThat(afterDelete.state()).isEqualTo(SearchState.SUCCEEDED);
    }

    @Test
    void deletingARunningSearchStopsItsQueryAndItFailsAsCancelled() {
        MOTO.holdExecutions(true);
        SearchId id = searches.start(new SearchRequest("bob", FROM, TO, TagPermissions.all()));
        assertThat(newInstance().status(id).orElseThrow().state()).isEqualTo(SearchState.RUNNING);
        assertThat(searches.logs(id, LogsPage.first(10)).logs()).isEmpty();
        assertThat(searches.timeseries(id).counts()).isEmpty();

        SearchStatus cancelled = newInstance().cancel(id);

        assertThat(cancelled.state()).isEqualTo(SearchState.FAILED);
        assertThat(cancelled.failure()).contains("Cancelled");
        assertThat(searches.status(id).orElseThrow().failure()).contains("Cancelled");
    }

    @Test
    void aSearchWithoutItsRecordIsNotFound() {
        SearchId unknown = new SearchId(UUID.randomUUID());
        assertThat(searches.status(unknown)).isEmpty();
        assertThatThrownBy(() -> searches.logs(unknown, LogsPage.first(5)))
                .isInstanceOf(SearchNotFoundException.class);
        assertThatThrownBy(() -> searches.cancel(unknown)).isInstanceOf(SearchNotFoundException.class);
    }

    @Test
    void aQuerySyntaxErrorFailsBeforeAnythingStarts() {
        assertThatThrownBy(() -> searches.start(new SearchRequest("(alice", FROM, TO, TagPermissions.all())))
                .hasMessageContaining("Query syntax error");
        assertThat(athena.listQueryExecutions(r -> { }).queryExecutionIds()).isEmpty();
    }

    @Test
    void keysTableDdlProjectsTheSearchFolders() {
        assertThat(AthenaSearches.keysTableDdl(SETTINGS))
                .contains("`minerva`.`minerva_search_keys`", "PARTITIONED BY (search_id string)",
                        "'projection.search_id.type' = 'injected'",
                        "'storage.location.template' = 's3://minerva-results/athena/searches/${search_id}/keys/'");
    }

    private QueryExecution onlyExecution() {
        List<String> ids = athena.listQueryExecutions(r -> { }).queryExecutionIds();
        assertThat(ids).hasSize(1);
        return athena.getQueryExecution(r -> r.queryExecutionId(ids.get(0))).queryExecution();
    }

    /** A seeded result: rows as JSON arrays of text, columns as [name, type] pairs. */
    private static String result(String rows, String columns) {
        StringBuilder out = new StringBuilder("{\"rows\":[");
        String[] parsed = rows.substring(2, rows.length() - 2).split("\\],\\[");
        for (int i = 0; i < parsed.length; i++) {
            out.append(i > 0 ? "," : "").append("{\"Data\":[");
            String[] values = parsed[i].substring(1, parsed[i].length() - 1).split("\",\"", -1);
            for (int v = 0; v < values.length; v++) {
                out.append(v > 0 ? "," : "").append("{\"VarCharValue\":\"").append(values[v]).append("\"}");
            }
            out.append("]}");
        }
        out.append("],\"column_info\":[");
        String[] cols = columns.substring(2, columns.length() - 2).split("\\],\\[");
        for (int i = 0; i < cols.length; i++) {
            String[] pair = cols[i].replace("\"", "").split(",");
            out.append(i > 0 ? "," : "").append("{\"Name\":\"").append(pair[0]).append("\",\"Type\":\"")
                    .append(pair[1]).append("\"}");
        }
        return out.append("]}").toString();
    }
}
