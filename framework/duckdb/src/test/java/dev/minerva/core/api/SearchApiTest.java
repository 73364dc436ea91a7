package dev.minerva.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.engine.RowSink;
import dev.minerva.core.query.BoundQuery;
import dev.minerva.core.query.DuckDbDialect;
import dev.minerva.core.query.QueryParser;
import dev.minerva.core.search.SearchService;
import dev.minerva.core.search.SearchServiceOptions;
import dev.minerva.core.terms.FieldTermExtractor;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.ObjectOutput;
import dev.minerva.core.warehouse.SourceObject;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.duckdb.DuckDbQueryEngine;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives every route of the API against the real search service over a small warehouse on embedded DuckDB. */
class SearchApiTest {
    private static final String RANGE = "\"start_dt\":\"2020-10-01T00:00:00\",\"end_dt\":\"2020-10-01T03:00:00\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    private static DuckDbQueryEngine engine;
    private static ExecutorService executor;
    private static SearchApi api;
    private static final List<String> AUDIT = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void writeWarehouse() throws Exception {
        Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(root), WarehouseOptions.defaults(),
                Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));
        index(warehouse, "s3://trail/a.json", "aws.cloudtrail", Map.of(
                "2020-10-01T00:10:00Z", Map.of("eventName", "ConsoleLogin", "user", "alice", "ip", "10.0.0.1"),
                "2020-10-01T00:20:00Z", Map.of("eventName", "DeleteBucket", "user", "bob", "ip", "10.0.0.2")));
        index(warehouse, "s3://flow/b.log", "aws.vpcflowlogs", Map.of(
                "2020-10-01T01:05:00Z", Map.of("srcaddr", "10.0.0.1", "action", "ACCEPT"),
                "2020-10-01T01:30:00Z", Map.of("srcaddr", "10.0.0.2", "dstaddr", "10.0.0.1", "action", "REJECT")));
        index(warehouse, "s3://guard/c.json", "aws.guardduty", Map.of(
                "2020-10-01T02:15:00Z", Map.of("title", "hello", "ip", "10.0.0.1")));
        engine = new DuckDbQueryEngine(root);
        executor = Executors.newFixedThreadPool(2);
        api = api(service(engine), AUDIT::add);
    }

    private static void index(Warehouse warehouse, String location, String tag, Map<String, Map<String, Object>> records)
            throws Exception {
        FieldTermExtractor extractor = new FieldTermExtractor(new TermTokenizer());
        try (ObjectOutput out = warehouse.beginObject(new SourceObject(URI.create(location), "v1"))) {
            long seq = 0;
            for (Map.Entry<String, Map<String, Object>> record : new java.util.TreeMap<>(records).entrySet()) {
                Instant ts = Instant.parse(record.getKey());
                long recordSeq = ++seq;
                Map<String, Object> fields = new java.util.TreeMap<>(record.getValue());
                out.message(tag, ts, recordSeq, JSON.writeValueAsString(fields));
                extractor.extract(fields, (field, term) -> {
                    try {
                        out.term(tag, field, term, ts, recordSeq);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            out.commit();
        }
    }

    private static SearchApi api(SearchService service, java.util.function.Consumer<String> audit) {
        return new SearchApi(service, new TermTokenizer(), CallerPermissions.fromTrustedHeader(), audit,
                SearchApi.FilterLimits.defaults());
    }

    private static SearchService service(QueryEngine queryEngine) {
        return new SearchService(queryEngine, new DuckDbDialect(), new QueryParser(new TermTokenizer()),
                new LocalWarehouseStorage(root), executor, Clock.systemUTC(), SearchServiceOptions.defaults());
    }

    @AfterAll
    static void close() {
        executor.shutdownNow();
        engine.close();
    }

    /** A response with its body parsed. */
    private record Reply(int status, JsonNode body, Map<String, String> headers) {
        String message() {
            return body.path("message").asText();
        }
    }

    private static Reply call(SearchApi target, String method, String pathAndQuery, String body,
            Map<String, String> headers) {
        String path = pathAndQuery;
        Map<String, List<String>> query = new LinkedHashMap<>();
        int question = pathAndQuery.indexOf('?');
        if (question >= 0) {
            path = pathAndQuery.substring(0, question);
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                query.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
            }
        }
        ApiResponse response = target.handle(new ApiRequest(method, path, query, headers, body, "192.0.2.7",
                UUID.randomUUID().toString()));
        assertThat(response.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        try {
            return new Reply(response.status(), JSON.readTree(response.jsonBody()), response.headers());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.jsonBody(), e);
        }
    }

    private static Reply call(String method, String pathAndQuery) {
        return call(api, method, pathAndQuery, "", Map.of());
    }

    private static Reply post(String body) {
        return call(api, "POST", "/api/v1/search", body, Map.of());
    }

    private static String terms(String... terms) {
        StringBuilder sb = new StringBuilder("{\"query\":[");
        for (int i = 0; i < terms.length; i++) {
            sb.append(i > 0 ? "," : "").append("{\"term\":").append(JSON.getNodeFactory().textNode(terms[i]).toString()).append('}');
        }
        return sb.append("],").append(RANGE).append('}').toString();
    }

    /** Starts a search and waits for it to finish; returns its id. */
    private static String finished(SearchApi target, String body, Map<String, String> headers) throws Exception {
        Reply created = call(target, "POST", "/api/v1/search", body, headers);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().path("search_id").asText();
        for (int i = 0; i < 200; i++) {
            Reply status = call(target, "GET", "/api/v1/search/" + id, "", headers);
            if (!status.body().at("/metadata/status").asText().equals("RUNNING")) {
                assertThat(status.body().at("/metadata/status").asText()).isEqualTo("SUCCEEDED");
                return id;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("search " + id + " still running");
    }

    private static String finished(String body) throws Exception {
        return finished(api, body, Map.of());
    }

    @Test
    void aStartedSearchReportsItsMetadataInTheOriginalShape() throws Exception {
        long before = Instant.now().getEpochSecond();
        String id = finished(terms("10.0.0.1"));
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        Reply reply = call("GET", "/api/v1/search/" + id);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("search_id").asText()).isEqualTo(id);
        JsonNode metadata = reply.body().path("metadata");
        assertThat(metadata.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(metadata.path("submitted_time").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(Instant.parse(metadata.path("submitted_time").asText()).getEpochSecond()).isBetween(before,
                Instant.now().getEpochSecond());
        assertThat(metadata.path("elapsed_seconds").isNumber()).isTrue();
        assertThat(metadata.path("elapsed_seconds").asDouble()).isBetween(0.0, 30.0);
        assertThat(metadata.path("query")).isEqualTo(JSON.readTree("[{\"term\":\"10.0.0.1\"}]"));
        assertThat(metadata.path("start_time").asLong()).isEqualTo(1601510400L);
        assertThat(metadata.path("end_time").asLong()).isEqualTo(1601521200L);
        assertThat(metadata.path("scanned_size").asLong()).isPositive();
        assertThat(metadata.has("reason")).isFalse();
        assertThat(reply.headers()).containsKey("X-Request-Id").containsEntry("Cache-Control", "no-store");
    }

    @Test
    void everyTokenOfEveryTermMustMatchAndQuerySyntaxInsideTermsStaysText() throws Exception {
        assertThat(total(finished(terms("10.0.0.1")))).isEqualTo(4);
        assertThat(total(finished(terms("10.0.0.1", "ALICE")))).isEqualTo(1);
        assertThat(total(finished(terms("alice 10.0.0.1")))).isEqualTo(1);
        // In our query language these would be OR and a syntax error; as original terms they are words to match.
        assertThat(total(finished(terms("alice OR bob")))).isZero();
        assertThat(total(finished(terms("alice (bob")))).isZero();
        assertThat(total(finished(terms("user:alice")))).isZero();
        // Our extension: a query string in our language.
        String id = finished("{\"query\":\"alice OR bob\"," + RANGE + "}");
        assertThat(total(id)).isEqualTo(2);
        // The original client maps over metadata.query: a query string is its one term, and has a field of its own.
        JsonNode metadata = call("GET", "/api/v1/search/" + id).body().path("metadata");
        assertThat(metadata.path("query")).isEqualTo(JSON.readTree("[{\"term\":\"alice OR bob\"}]"));
        assertThat(metadata.path("query_string").asText()).isEqualTo("alice OR bob");
        assertThat(total(finished("{\"query\":\"tag:aws.vpcflowlogs 10.0.0.1\"," + RANGE + "}"))).isEqualTo(2);
    }

    private static long total(String id) {
        return call("GET", "/api/v1/search/" + id + "/logs").body().at("/metadata/total").asLong();
    }

    @Test
    void malformedBodiesAreRejectedWith400AndWhatWasWrong() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "must be a JSON object");
        cases.put("{\"query\":", "not JSON");
        cases.put("[1,2]", "must be a JSON object");
        cases.put("{" + RANGE + "}", "query must be a list of terms");
        cases.put("{\"query\":[]," + RANGE + "}", "query is empty");
        cases.put("{\"query\":\"  \"," + RANGE + "}", "query is empty");
        cases.put("{\"query\":[{\"term\":\"--\"},{\"term\":\";\"}]," + RANGE + "}", "no term has letters or digits");
        cases.put("{\"query\":[{\"term\":5}]," + RANGE + "}", "query[0] must be an object with a text \"term\"");
        cases.put("{\"query\":[\"alice\"]," + RANGE + "}", "query[0]");
        cases.put("{\"query\":\"alice AND (bob\"," + RANGE + "}", "column 11");
        cases.put("{\"query\":\"alice\",\"end_dt\":\"2020-10-01T03:00:00\"}", "start_dt is required");
        cases.put("{\"query\":\"alice\",\"start_dt\":\"2020-10-01T00:00:00\"}", "end_dt is required");
        cases.put("{\"query\":\"alice\",\"start_dt\":\"2020-10-01 00:00\",\"end_dt\":\"2020-10-01T03:00:00\"}",
                "start_dt '2020-10-01 00:00' is not a time");
        cases.put("{\"query\":\"alice\",\"start_dt\":\"2020-10-01T00:00:00Z\",\"end_dt\":\"2020-10-01T03:00:00\"}",
                "without a zone");
        cases.put("{\"query\":\"alice\",\"start_dt\":\"2020-02-30T00:00:00\",\"end_dt\":\"2020-10-01T03:00:00\"}",
                "is not a time");
        cases.put("{\"query\":\"alice\",\"start_dt\":\"2020-10-01T03:00:00\",\"end_dt\":\"2020-10-01T00:00:00\"}",
                "start_dt 2020-10-01T03:00:00 must not be after end_dt 2020-10-01T00:00:00");
        cases.forEach((body, message) -> {
            Reply reply = post(body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.message()).as(body).contains(message);
        });
    }

    @Test
    void logsArePagedOldestFirstByDefaultAndNewestFirstOnRequestWithTotalsTagsAndTheParsedRecord() throws Exception {
        String id = finished(terms("10.0.0.1"));
        assertThat(call("GET", "/api/v1/search/" + id + "/logs").body().path("logs"))
                .extracting(log -> log.path("timestamp").asLong())
                .containsExactly(1601511000L, 1601514300L, 1601515800L, 1601518500L);
        assertThat(call("GET", "/api/v1/search/" + id + "/logs?order=oldest&limit=1").body().at("/logs/0/timestamp")
                .asLong()).isEqualTo(1601511000L);
        Reply all = call("GET", "/api/v1/search/" + id + "/logs?order=newest");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().path("search_id").asText()).isEqualTo(id);
        JsonNode metadata = all.body().path("metadata");
        assertThat(metadata.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(metadata.path("start_time").asLong()).isEqualTo(1601510400L);
        assertThat(metadata.path("total").asLong()).isEqualTo(4);
        assertThat(metadata.path("sub_total").asLong()).isEqualTo(4);
        assertThat(metadata.path("offset").asLong()).isZero();
        assertThat(metadata.path("limit").asLong()).isEqualTo(50);
        assertThat(metadata.path("tags")).isEqualTo(
                JSON.readTree("[\"aws.cloudtrail\",\"aws.guardduty\",\"aws.vpcflowlogs\"]"));
        JsonNode logs = all.body().path("logs");
        assertThat(logs).hasSize(4);
        assertThat(logs.get(0)).isEqualTo(JSON.readTree("{\"tag\":\"aws.guardduty\",\"timestamp\":1601518500,"
                + "\"log\":{\"ip\":\"10.0.0.1\",\"title\":\"hello\"}}"));
        assertThat(logs.get(3).path("log").path("user").asText()).isEqualTo("alice");

        Reply page = call("GET", "/api/v1/search/" + id + "/logs?limit=2&offset=2&order=newest");
        assertThat(page.body().path("logs")).extracting(log -> log.path("timestamp").asLong())
                .containsExactly(1601514300L, 1601511000L); // 01:05, 00:10
        assertThat(page.body().at("/metadata/limit").asLong()).isEqualTo(2);
        assertThat(page.body().at("/metadata/offset").asLong()).isEqualTo(2);

        // tags and [begin, end], both included, narrow sub_total and the page; total and tags stay the search's.
        Reply filtered = call("GET", "/api/v1/search/" + id
                + "/logs?tags=aws.vpcflowlogs, aws.cloudtrail&begin=1601511000&end=1601514300");
        assertThat(filtered.body().at("/metadata/total").asLong()).isEqualTo(4);
        assertThat(filtered.body().at("/metadata/sub_total").asLong()).isEqualTo(2);
        assertThat(filtered.body().at("/metadata/tags")).hasSize(3);
        assertThat(filtered.body().path("logs")).extracting(log -> log.path("tag").asText())
                .containsExactly("aws.cloudtrail", "aws.vpcflowlogs");
        Reply oneSecond = call("GET", "/api/v1/search/" + id + "/logs?begin=1601514300&end=1601514300");
        assertThat(oneSecond.body().at("/metadata/sub_total").asLong()).isEqualTo(1);
        Reply fraction = call("GET", "/api/v1/search/" + id + "/logs?begin=1601514299.5&end=1601514299.999");
        assertThat(fraction.body().at("/metadata/sub_total").asLong()).isZero();
        // limit 0 asks for the counts alone, as the original allowed.
        Reply counts = call("GET", "/api/v1/search/" + id + "/logs?limit=0");
        assertThat(counts.status()).isEqualTo(200);
        assertThat(counts.body().path("logs")).isEmpty();
        assertThat(counts.body().at("/metadata/sub_total").asLong()).isEqualTo(4);
    }

    @Test
    void badLogParametersAre400WithWhatWouldBeValid() throws Exception {
        String id = finished(terms("alice"));
        String logs = "/api/v1/search/" + id + "/logs?";
        assertThat(call("GET", logs + "limit=10000").status()).isEqualTo(200);
        Map<String, String> cases = Map.of(
                "limit=10001", "limit must be between 0 and 10000",
                "limit=ten", "limit 'ten' is not a whole number",
                "offset=-1", "offset must not be negative",
                "begin=1601514300&end=1601511000", "begin 1601514300 must not be after end 1601511000",
                "begin=x", "begin 'x' is not a time in unix seconds",
                "order=sideways", "use oldest (the default, as in the original) or newest",
                "query=.eventName | foo(", "query '.eventName | foo(' is not a jq filter: ");
        cases.forEach((parameters, message) -> {
            Reply reply = call("GET", logs + parameters);
            assertThat(reply.status()).as(parameters).isEqualTo(400);
            assertThat(reply.message()).as(parameters).contains(message);
        });
    }

    @Test
    void timeseriesHasTwentyLabelledBinsPerTag() throws Exception {
        String id = finished(terms("10.0.0.1"));
        Reply reply = call("GET", "/api/v1/search/" + id + "/timeseries");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("search_id").asText()).isEqualTo(id);
        assertThat(reply.body().at("/metadata/status").asText()).isEqualTo("SUCCEEDED");
        JsonNode labels = reply.body().path("labels");
        assertThat(labels).hasSize(20);
        assertThat(labels.get(0).asText()).isEqualTo("00:00");
        assertThat(labels.get(1).asText()).isEqualTo("00:09");
        JsonNode series = reply.body().path("timeseries");
        assertThat(series.fieldNames()).toIterable()
                .containsExactly("aws.cloudtrail", "aws.guardduty", "aws.vpcflowlogs");
        assertThat(series.path("aws.vpcflowlogs")).hasSize(20);
        assertThat(series.path("aws.vpcflowlogs").get(7).asLong()).isEqualTo(1); // 01:05 in [01:03, 01:12)
        assertThat(series.path("aws.vpcflowlogs").get(10).asLong()).isEqualTo(1); // 01:30 in [01:30, 01:39)
        assertThat(series.path("aws.cloudtrail").get(1).asLong()).isEqualTo(1); // 00:10
    }

    @Test
    void aRunningSearchHasNoLogsYetAndCancellingFailsItWithTheReason() throws Exception {
        BlockingEngine blocking = new BlockingEngine();
        SearchApi blocked = api(service(blocking), line -> { });
        Reply created = call(blocked, "POST", "/api/v1/search", terms("alice"), Map.of());
        String id = created.body().path("search_id").asText();
        assertThat(blocking.started.await(5, TimeUnit.SECONDS)).isTrue();

        Reply logs = call(blocked, "GET", "/api/v1/search/" + id + "/logs", "", Map.of());
        assertThat(logs.status()).isEqualTo(200);
        assertThat(logs.body().has("logs")).isTrue();
        assertThat(logs.body().path("logs").isNull()).isTrue();
        assertThat(logs.body().at("/metadata/status").asText()).isEqualTo("RUNNING");
        assertThat(logs.body().at("/metadata/total").asLong()).isZero();
        Reply series = call(blocked, "GET", "/api/v1/search/" + id + "/timeseries", "", Map.of());
        assertThat(series.body().path("labels")).hasSize(20);
        assertThat(series.body().path("timeseries").isEmpty()).isTrue();

        Reply cancelled = call(blocked, "DELETE", "/api/v1/search/" + id, "", Map.of());
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("search_id").asText()).isEqualTo(id);
        JsonNode metadata = null;
        for (int i = 0; i < 100; i++) {
            metadata = call(blocked, "GET", "/api/v1/search/" + id, "", Map.of()).body().path("metadata");
            if (!metadata.path("status").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(metadata.path("status").asText()).isEqualTo("FAILED");
        assertThat(metadata.path("reason").asText()).isEqualTo("Cancelled");
        assertThat(call(blocked, "GET", "/api/v1/search/" + id + "/logs", "", Map.of()).body().path("logs").isNull())
                .isTrue();
    }

    @Test
    void aSearchTheEngineFailsReportsTheReason() throws Exception {
        SearchApi failing = api(service(new FailingEngine()), line -> { });
        String id = call(failing, "POST", "/api/v1/search", terms("alice"), Map.of()).body().path("search_id")
                .asText();
        JsonNode metadata = null;
        for (int i = 0; i < 100; i++) {
            metadata = call(failing, "GET", "/api/v1/search/" + id, "", Map.of()).body().path("metadata");
            if (!metadata.path("status").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(metadata.path("status").asText()).isEqualTo("FAILED");
        assertThat(metadata.path("reason").asText()).isEqualTo("Cannot read s3://warehouse/terms: Slow Down");
    }

    @Test
    void aSyntaxErrorAnswersWithItsCodeAndColumnBesideTheMessage() {
        Reply reply = post("{\"query\":\"alice AND (bob\"," + RANGE + "}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).startsWith("Query syntax error at column 15: ");
        assertThat(reply.body().path("code").asText()).isEqualTo("QUERY_SYNTAX");
        assertThat(reply.body().path("kind").asText()).isEqualTo("USER_INPUT");
        assertThat(reply.body().path("column").isInt()).isTrue();
        assertThat(reply.body().path("column").asInt()).isEqualTo(15);
        List<String> fields = new ArrayList<>();
        reply.body().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("message", "code", "kind", "column");
    }

    @Test
    void everyErrorAnswersWithACodeAndOnlyQueryErrorsWithAColumn() {
        String unknown = UUID.randomUUID().toString();
        Map<Reply, String> cases = new LinkedHashMap<>();
        cases.put(post("{\"query\":\"  \"," + RANGE + "}"), "EMPTY_QUERY");
        cases.put(post("{\"query\":\"alice\",\"end_dt\":\"2020-10-01T03:00:00\"}"), "INVALID_REQUEST");
        cases.put(post("{\"query\":"), "INVALID_REQUEST");
        cases.put(call("GET", "/api/v1/search/" + unknown), "SEARCH_NOT_FOUND");
        cases.put(call("GET", "/api/v1/search/" + unknown + "/other"), "NO_ROUTE");
        cases.put(call("GET", "/api/v1/search"), "METHOD_NOT_ALLOWED");
        cases.forEach((reply, code) -> {
            assertThat(reply.body().path("code").asText()).as(reply.message()).isEqualTo(code);
            assertThat(reply.body().path("kind").asText()).as(reply.message()).isEqualTo("USER_INPUT");
            assertThat(reply.body().has("column")).as(reply.message()).isFalse();
            assertThat(reply.message()).isNotBlank();
        });
        ApiResponse refused = api.refuse(new ApiRequest("POST", "/api/v1/search", Map.of(), Map.of(), "",
                "198.51.100.4", "req-45"), 413, "Request body is over 1 MB");
        assertThat(refused.jsonBody()).contains("\"code\":\"REQUEST_REFUSED\"");
    }

    @Test
    void unknownSearchesRoutesAndMethodsAreTold() {
        String unknown = UUID.randomUUID().toString();
        for (String path : List.of("", "/logs", "/timeseries")) {
            Reply reply = call("GET", "/api/v1/search/" + unknown + path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.message()).isEqualTo("Search result is not found: " + unknown);
        }
        assertThat(call("DELETE", "/api/v1/search/" + unknown).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/search/not-a-uuid").message())
                .isEqualTo("Search result is not found: not-a-uuid");
        assertThat(call("GET", "/api/v2/search").status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/search/" + unknown + "/other").message()).startsWith("No route GET");
        assertThat(call("GET", "/").status()).isEqualTo(404);

        Reply getCollection = call("GET", "/api/v1/search");
        assertThat(getCollection.status()).isEqualTo(405);
        assertThat(getCollection.headers()).containsEntry("Allow", "POST");
        assertThat(getCollection.message()).contains("GET is not allowed");
        assertThat(call("POST", "/api/v1/search/" + unknown).headers()).containsEntry("Allow", "GET, DELETE");
        assertThat(call("DELETE", "/api/v1/search/" + unknown + "/logs").status()).isEqualTo(405);
        assertThat(call("PUT", "/api/v1/search/" + unknown + "/timeseries").headers()).containsEntry("Allow", "GET");
    }

    @Test
    void permittedTagsApplyInsideTheQueryAndHideTheSearchFromNarrowerCallers() throws Exception {
        Map<String, String> two = Map.of("X-Permitted-Tags", "aws.cloudtrail, aws.vpcflowlogs");
        String id = finished(api, terms("10.0.0.1"), two);
        Reply logs = call(api, "GET", "/api/v1/search/" + id + "/logs", "", two);
        // Counts are those of the permitted tags: guardduty's hit neither shows nor counts.
        assertThat(logs.body().at("/metadata/total").asLong()).isEqualTo(3);
        assertThat(logs.body().at("/metadata/tags")).isEqualTo(JSON.readTree("[\"aws.cloudtrail\",\"aws.vpcflowlogs\"]"));
        assertThat(logs.body().path("logs")).extracting(log -> log.path("tag").asText())
                .doesNotContain("aws.guardduty");
        Reply forbidden = call(api, "GET", "/api/v1/search/" + id + "/logs?tags=aws.guardduty", "", two);
        assertThat(forbidden.body().at("/metadata/sub_total").asLong()).isZero();
        assertThat(call(api, "GET", "/api/v1/search/" + id + "/timeseries", "", two).body().path("timeseries")
                .has("aws.guardduty")).isFalse();

        // A shared link opened by a narrower caller shows it the part it may see, counts and tags to match.
        Map<String, String> narrow = Map.of("x-permitted-tags", "aws.cloudtrail");
        assertThat(call(api, "GET", "/api/v1/search/" + id, "", narrow).status()).isEqualTo(200);
        Reply narrowLogs = call(api, "GET", "/api/v1/search/" + id + "/logs", "", narrow);
        assertThat(narrowLogs.status()).isEqualTo(200);
        assertThat(narrowLogs.body().at("/metadata/total").asLong()).isEqualTo(1);
        assertThat(narrowLogs.body().at("/metadata/sub_total").asLong()).isEqualTo(1);
        assertThat(narrowLogs.body().at("/metadata/tags")).isEqualTo(JSON.readTree("[\"aws.cloudtrail\"]"));
        assertThat(narrowLogs.body().path("logs")).extracting(log -> log.path("tag").asText())
                .containsExactly("aws.cloudtrail");
        assertThat(call(api, "GET", "/api/v1/search/" + id + "/logs?tags=aws.vpcflowlogs", "", narrow).body()
                .at("/metadata/sub_total").asLong()).isZero();
        Reply narrowSeries = call(api, "GET", "/api/v1/search/" + id + "/timeseries", "", narrow);
        assertThat(narrowSeries.body().path("timeseries").fieldNames()).toIterable().containsExactly("aws.cloudtrail");
        assertThat(narrowSeries.body().at("/metadata/total").asLong()).isEqualTo(1);
        assertThat(narrowSeries.body().at("/metadata/tags")).isEqualTo(JSON.readTree("[\"aws.cloudtrail\"]"));
        // A prefix pattern permits the tags it starts.
        assertThat(call(api, "GET", "/api/v1/search/" + id + "/logs", "", Map.of("x-permitted-tags", "aws.vpc*"))
                .body().at("/metadata/total").asLong()).isEqualTo(2);
        // Only a caller who may see all the search covers may cancel it.
        Reply refused = call(api, "DELETE", "/api/v1/search/" + id, "", narrow);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).contains("only such a caller may cancel it");

        // A search with every tag, read by a restricted caller: its tags only, never a 404.
        String open = finished(terms("10.0.0.1"));
        Reply subset = call(api, "GET", "/api/v1/search/" + open + "/logs", "", two);
        assertThat(subset.status()).isEqualTo(200);
        assertThat(subset.body().at("/metadata/total").asLong()).isEqualTo(3);
        assertThat(call(api, "GET", "/api/v1/search/" + open + "/timeseries", "", two).body().path("timeseries")
                .has("aws.guardduty")).isFalse();
        // An empty header restricts nothing.
        assertThat(call(api, "GET", "/api/v1/search/" + open + "/logs", "", Map.of("x-permitted-tags", "")).body()
                .at("/metadata/total").asLong()).isEqualTo(4);
    }

    @Test
    void theJqFilterKeepsRecordsItYieldsATruthyValueForAndCountsThemInSubTotal() throws Exception {
        String id = finished(terms("10.0.0.1"));
        String logs = "/api/v1/search/" + id + "/logs?";
        Reply withSrc = call("GET", logs + "query=.srcaddr");
        assertThat(withSrc.status()).as(withSrc.body().toString()).isEqualTo(200);
        assertThat(withSrc.body().at("/metadata/total").asLong()).isEqualTo(4);
        assertThat(withSrc.body().at("/metadata/sub_total").asLong()).isEqualTo(2);
        assertThat(withSrc.body().path("logs")).extracting(log -> log.path("log").path("srcaddr").asText())
                .containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(withSrc.body().at("/metadata/filter_examined").asLong()).isEqualTo(4);
        assertThat(withSrc.body().at("/metadata/filter_complete").asBoolean()).isTrue();

        Reply select = call("GET", logs + "query=select(.action == \"REJECT\")");
        assertThat(select.body().at("/metadata/sub_total").asLong()).isEqualTo(1);
        // false and null drop a record; paging applies to the kept ones.
        Reply paged = call("GET", logs + "query=.user != null&limit=1&offset=0&order=newest");
        assertThat(paged.body().at("/metadata/sub_total").asLong()).isEqualTo(1);
        assertThat(paged.body().at("/logs/0/log/user").asText()).isEqualTo("alice");
        // An error on one record drops that record and is counted, the others still pass.
        Reply errors = call("GET", logs + "query=.ip | test(\"10\")");
        assertThat(errors.body().at("/metadata/sub_total").asLong()).isEqualTo(2);
        assertThat(errors.body().at("/metadata/filter_errors").asLong()).isEqualTo(2);
        // The function's environment holds its credentials: env shows nothing.
        assertThat(call("GET", logs + "query=env | length == 0").body().at("/metadata/sub_total").asLong())
                .isEqualTo(4);
    }

    @Test
    void theJqFilterStopsAtItsRecordBoundAndSaysTheCountIsIncomplete() throws Exception {
        SearchApi bounded = new SearchApi(service(engine), new TermTokenizer(), CallerPermissions.fromTrustedHeader(),
                line -> { }, new SearchApi.FilterLimits(3, java.time.Duration.ofSeconds(10), 2));
        String id = finished(bounded, terms("10.0.0.1"), Map.of());
        Reply reply = call(bounded, "GET", "/api/v1/search/" + id + "/logs?query=.", "", Map.of());
        assertThat(reply.body().at("/metadata/filter_examined").asLong()).isEqualTo(3);
        assertThat(reply.body().at("/metadata/filter_complete").asBoolean()).isFalse();
        assertThat(reply.body().at("/metadata/sub_total").asLong()).isEqualTo(3);
        assertThat(reply.body().at("/metadata/total").asLong()).isEqualTo(4);
    }

    @Test
    void bothEndsOfTheSearchedRangeAreIncludedAndFractionalSecondsAccepted() throws Exception {
        // 00:10:00 and 00:20:00 are the cloudtrail records' times.
        String whole = finished("{\"query\":\"tag:aws.cloudtrail\",\"start_dt\":\"2020-10-01T00:10:00\","
                + "\"end_dt\":\"2020-10-01T00:20:00\"}");
        assertThat(total(whole)).isEqualTo(2);
        JsonNode metadata = call("GET", "/api/v1/search/" + whole).body().path("metadata");
        assertThat(metadata.path("start_time").asLong()).isEqualTo(1601511000L);
        assertThat(metadata.path("end_time").asLong()).isEqualTo(1601511600L);
        String equal = finished("{\"query\":\"tag:aws.cloudtrail\",\"start_dt\":\"2020-10-01T00:20:00\","
                + "\"end_dt\":\"2020-10-01T00:20:00\"}");
        assertThat(total(equal)).isEqualTo(1);
        String fraction = finished("{\"query\":\"tag:aws.cloudtrail\",\"start_dt\":\"2020-10-01T00:10:00.001\","
                + "\"end_dt\":\"2020-10-01T00:20:00.000\"}");
        assertThat(total(fraction)).isEqualTo(1);
    }

    @Test
    void theCallersRequestIdIsLoggedAndEchoedAndOneIsMadeOnlyWhenAbsent() {
        AUDIT.clear();
        ApiResponse given = api.handle(new ApiRequest("GET", "/api/v1/nothing", Map.of(),
                Map.of("X-Request-Id", "strix-7f3a"), "", "198.51.100.4", "transport-1"));
        assertThat(given.headers()).containsEntry("X-Request-Id", "strix-7f3a");
        ApiResponse absent = api.handle(new ApiRequest("GET", "/api/v1/nothing", Map.of(), Map.of(), "",
                "198.51.100.4", "transport-2"));
        assertThat(absent.headers()).containsEntry("X-Request-Id", "transport-2");
        ApiResponse unusable = api.handle(new ApiRequest("GET", "/api/v1/nothing", Map.of(),
                Map.of("X-Request-Id", "two words"), "", "198.51.100.4", "transport-3"));
        assertThat(unusable.headers()).containsEntry("X-Request-Id", "transport-3");
        assertThat(AUDIT).hasSize(3);
        assertThat(AUDIT.get(0)).contains("\"request_id\":\"strix-7f3a\"", "\"transport_request_id\":\"transport-1\"");
        assertThat(AUDIT.get(1)).contains("\"request_id\":\"transport-2\"").doesNotContain("transport_request_id");
        assertThat(AUDIT.get(2)).contains("\"refused_request_id\":\"two words\"");
    }

    @Test
    void everyRequestIsAuditedAsOneJsonLine() throws Exception {
        AUDIT.clear();
        String requestId = "req-42";
        ApiResponse created = api.handle(new ApiRequest("POST", "/api/v1/search", Map.of(),
                Map.of("user-agent", "strix/1.0"), terms("alice"), "198.51.100.4", requestId));
        api.handle(new ApiRequest("GET", "/api/v1/nothing", Map.of(), Map.of(), "", "198.51.100.4", "req-43"));
        ApiResponse refused = api.refuse(new ApiRequest("POST", "/api/v1/search", Map.of(), Map.of(), "",
                "198.51.100.4", "req-44"), 413, "Request body is over 1 MB");
        assertThat(refused.status()).isEqualTo(413);
        assertThat(JSON.readTree(refused.jsonBody()).path("message").asText()).isEqualTo("Request body is over 1 MB");
        assertThat(refused.headers()).containsEntry("Content-Type", ApiResponse.JSON_CONTENT_TYPE);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : AUDIT) {
            assertThat(line).doesNotContain("\n");
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(3);
        JsonNode first = lines.get(0);
        assertThat(first.path("method").asText()).isEqualTo("POST");
        assertThat(first.path("path").asText()).isEqualTo("/api/v1/search");
        assertThat(first.path("status").asInt()).isEqualTo(201);
        assertThat(first.path("request_id").asText()).isEqualTo(requestId);
        assertThat(first.path("source_ip").asText()).isEqualTo("198.51.100.4");
        assertThat(first.path("user_agent").asText()).isEqualTo("strix/1.0");
        assertThat(first.path("elapsed_ms").isIntegralNumber()).isTrue();
        assertThat(first.path("search_id").asText())
                .isEqualTo(JSON.readTree(created.jsonBody()).path("search_id").asText());
        assertThat(lines.get(1).path("status").asInt()).isEqualTo(404);
        assertThat(lines.get(1).path("request_id").asText()).isEqualTo("req-43");
        assertThat(lines.get(2).path("status").asInt()).isEqualTo(413);
        assertThat(created.headers()).containsEntry("X-Request-Id", requestId);
        // Who, what query, which tags and how many results, for searches and reads alike.
        assertThat(first.path("query").asText()).isEqualTo("\"alice\"");
        assertThat(first.path("permitted_tags").asText()).isEqualTo("*");
        assertThat(first.path("caller").asText()).isEmpty();
        String id = finished(terms("alice"));
        AUDIT.clear();
        api.handle(new ApiRequest("GET", "/api/v1/search/" + id + "/logs", Map.of("query", List.of(".user")),
                Map.of("x-permitted-tags", "aws.cloudtrail"), "", "198.51.100.4", "req-45", "arn:aws:iam::1:user/eve"));
        JsonNode read = JSON.readTree(AUDIT.get(0));
        assertThat(read.path("caller").asText()).isEqualTo("arn:aws:iam::1:user/eve");
        assertThat(read.path("permitted_tags").asText()).isEqualTo("aws.cloudtrail");
        assertThat(read.path("query").asText()).isEqualTo("\"alice\"");
        assertThat(read.path("filter").asText()).isEqualTo(".user");
        assertThat(read.path("result_count").asLong()).isEqualTo(1);
        assertThat(read.path("search_id").asText()).isEqualTo(id);
    }

    @Test
    void headersAreLookedUpWhateverTheirCase() {
        ApiRequest request = new ApiRequest("GET", "/", Map.of("a", List.of("1", "2")),
                Map.of("X-Permitted-Tags", "t"), "", "ip", "id");
        assertThat(request.header("x-permitted-tags")).contains("t");
        assertThat(request.header("X-PERMITTED-TAGS")).contains("t");
        assertThat(request.header("other")).isEmpty();
        assertThat(request.parameter("a")).contains("1");
        assertThat(request.parameter("b")).isEmpty();
    }

    /** An engine whose key statement runs until cancelled, as a long search on a big warehouse would. */
    private static final class BlockingEngine implements QueryEngine {
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public EngineStats execute(BoundQuery query, RowSink sink, QueryCancellation cancellation) {
            throw new AssertionError("not reached");
        }

        @Override
        public EngineStats createTable(String name, BoundQuery query, QueryCancellation cancellation) {
            CountDownLatch cancelled = new CountDownLatch(1);
            cancellation.onCancel(cancelled::countDown);
            started.countDown();
            try {
                cancelled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new CancellationException("Query cancelled");
        }

        @Override
        public void dropTable(String name) {
        }

        @Override
        public void close() {
        }
    }

    /** An engine whose storage is failing. */
    private static final class FailingEngine implements QueryEngine {
        @Override
        public EngineStats execute(BoundQuery query, RowSink sink, QueryCancellation cancellation) {
            throw new AssertionError("not reached");
        }

        @Override
        public EngineStats createTable(String name, BoundQuery query, QueryCancellation cancellation) {
            throw new MinervaException(ErrorKind.EXTERNAL, "Cannot read s3://warehouse/terms: Slow Down");
        }

        @Override
        public void dropTable(String name) {
        }

        @Override
        public void close() {
        }
    }
}
