package dev.minerva.aws.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.aws.s3.S3Location;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.ResultRow;
import dev.minerva.core.query.BoundQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request, poll, page and cancel cycle of the Athena engine against moto_server with seeded results. */
class AthenaQueryEngineTest {
    @RegisterExtension
    static final AthenaMoto MOTO = new AthenaMoto();

    private static final String COLUMNS = "[{\"Name\":\"tag\",\"Type\":\"varchar\"},{\"Name\":\"seq\",\"Type\":\"bigint\"},"
            + "{\"Name\":\"ts\",\"Type\":\"timestamp\"}]";

    private AthenaRecordingClient client;
    private AthenaQueryEngine engine;

    @BeforeEach
    void start() {
        MOTO.reset();
        client = new AthenaRecordingClient(MOTO.athena(), 987_654_321L);
        engine = new AthenaQueryEngine(client, AthenaSettings.of("primary", S3Location.parse("s3://results/minerva/"),
                "minerva").withPageSize(2).withPolling(Duration.ofMillis(10), Duration.ofMillis(40)));
    }

    @AfterEach
    void stop() {
        MOTO.holdExecutions(false);
        engine.close();
    }

    @Test
    void stringParametersAreQuotedLiteralsAndNumbersBare() {
        assertThat(AthenaQueryEngine.executionParameters(List.of("it's", 42L, "", "a''b")))
                .containsExactly("'it''s'", "42", "''", "'a''''b'");
    }

    @Test
    void sendsTheSqlWithPlaceholdersAndTheValuesAsExecutionParameters() {
        BoundQuery query = new BoundQuery("SELECT tag, seq, ts FROM t WHERE tag = ? AND seq > ?", List.of("o'hara", 5L));
        String id = engine.start(query);
        AthenaExecution done = engine.await(id, new QueryCancellation());

        assertThat(done.state()).isEqualTo(AthenaState.SUCCEEDED);
        assertThat(done.query()).isEqualTo("SELECT tag, seq, ts FROM t WHERE tag = ? AND seq > ?");
        assertThat(done.parameters()).containsExactly("'o''hara'", "5");
        assertThat(client.starts.get(0).workGroup()).isEqualTo("primary");
        assertThat(client.starts.get(0).resultConfiguration().outputLocation()).isEqualTo("s3://results/minerva/");
        assertThat(client.starts.get(0).queryExecutionContext().database()).isEqualTo("minerva");
    }

    @Test
    void readsEveryPageSkipsTheHeaderAndTypesValuesByTheResultMetadata() {
        MOTO.seed("[{\"rows\":[" + row("tag", "seq", "ts") + "," + row("aws.cloudtrail", "1", "2020-10-01 00:10:00.000")
                + "," + row("aws.cloudtrail", "2", "2020-10-01 00:20:00.500") + "," + row("aws.vpcflowlogs", "3",
                "2020-10-01 01:05:00.000") + "," + row("aws.vpcflowlogs", "4", "2020-10-01 01:30:00.000") + ","
                + "{\"Data\":[{\"VarCharValue\":\"aws.guardduty\"},{},{\"VarCharValue\":\"2020-10-01 02:15:00.000\"}]}"
                + "],\"column_info\":" + COLUMNS + "}]");
        List<ResultRow> rows = new ArrayList<>();

        EngineStats stats = engine.execute(new BoundQuery("SELECT tag, seq, ts FROM t WHERE tag <> ?", List.of("x")),
                rows::add, new QueryCancellation());

        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).values()).containsExactly("aws.cloudtrail", 1L, Instant.parse("2020-10-01T00:10:00Z"));
        assertThat(rows.get(1).instant(2)).isEqualTo(Instant.parse("2020-10-01T00:20:00.500Z"));
        assertThat(rows.get(4).values()).containsExactly("aws.guardduty", null, Instant.parse("2020-10-01T02:15:00Z"));
        // 6 rows (header included) in pages of 2: three calls, each asking for the configured page size.
        assertThat(client.resultCalls).hasSize(3).allSatisfy(call -> assertThat(call.maxResults()).isEqualTo(2));
        assertThat(client.resultCalls.get(1).nextToken()).isNotNull();
        assertThat(stats.bytesRead()).isEqualTo(987_654_321L);
        assertThat(stats.elapsed()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void cancellingStopsTheRunningExecution() throws Exception {
        MOTO.holdExecutions(true);
        String id = engine.start(new BoundQuery("SELECT 1 FROM t WHERE tag = ?", List.of("x")));
        QueryCancellation cancellation = new QueryCancellation();
        CompletableFuture<AthenaExecution> waiting = CompletableFuture.supplyAsync(() -> engine.await(id, cancellation));
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        assertThat(engine.execution(id).state()).isEqualTo(AthenaState.QUEUED);

        cancellation.cancel();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        AthenaExecution after = engine.execution(id);
        assertThat(after.state()).isEqualTo(AthenaState.CANCELLED);
        assertThat(after.reason()).isEqualTo("Cancelled");
    }

    @Test
    void createTableIsCtasIntoTheDatabaseAtAFreshLocationAndDropTableDropsIt() {
        engine.createTable("minerva_search_1", new BoundQuery("SELECT object_id FROM t WHERE tag = ?", List.of("a")),
                new QueryCancellation());
        engine.dropTable("minerva_search_1");

        List<String> sql = client.starts.stream().map(s -> s.queryString()).toList();
        assertThat(sql.get(0)).isEqualTo("DROP TABLE IF EXISTS `minerva`.`minerva_search_1`");
        assertThat(sql.get(1)).startsWith("CREATE TABLE \"minerva\".\"minerva_search_1\" WITH (format = 'PARQUET', "
                + "write_compression = 'ZSTD', external_location = 's3://results/minerva/tables/minerva_search_1/")
                .endsWith(") AS SELECT object_id FROM t WHERE tag = ?");
        assertThat(client.starts.get(1).executionParameters()).containsExactly("'a'");
        assertThat(sql.get(2)).isEqualTo(sql.get(0));
        assertThatThrownBy(() -> engine.dropTable("x; DROP")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatementWithoutParametersSendsNone() {
        engine.execute(new BoundQuery("SELECT 1", List.of()), row -> { }, new QueryCancellation());
        assertThat(client.starts.get(0).hasExecutionParameters()).isFalse();
    }

    private static String row(String... values) {
        return "{\"Data\":[" + String.join(",", Arrays.stream(values).map(v -> "{\"VarCharValue\":\"" + v + "\"}")
                .toList()) + "]}";
    }
}
