package dev.minerva.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.aws.athena.AthenaSettings;
import dev.minerva.aws.s3.S3ClientFactory;
import dev.minerva.aws.s3.S3Settings;
import dev.minerva.testing.aws.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The search Lambda end to end on moto_server, configured through its environment variables: REST API (payload 1.0)
 * and HTTP API (payload 2.0) events for every route, including sample events the aws-lambda-java-tests loader reads.
 */
class SearchHandlerTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"query\":[{\"term\":\"alice\"}],\"start_dt\":\"2020-10-01T00:00:00\","
            + "\"end_dt\":\"2020-10-01T03:00:00\"}";

    private static SearchHandler handler;

    @BeforeAll
    static void environment() {
        // The default credentials chain reads these; the handler builds its clients as in Lambda.
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        handler = new SearchHandler(Map.of(
                SearchHandlerEnvironment.ATHENA_WORKGROUP, "primary",
                SearchHandlerEnvironment.ATHENA_OUTPUT, "s3://minerva-results/athena/",
                SearchHandlerEnvironment.ATHENA_DATABASE, "minerva",
                SearchHandlerEnvironment.ATHENA_ENDPOINT, MOTO.endpoint().toString(),
                SearchHandlerEnvironment.S3_ENDPOINT, MOTO.endpoint().toString(),
                SearchHandlerEnvironment.S3_PATH_STYLE, "true",
                AthenaSettings.REGION_VARIABLE, MotoServer.REGION));
    }

    @AfterAll
    static void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void bucket() {
        MOTO.reset();
        try (S3Client s3 = S3ClientFactory.create(S3Settings.defaults().withEndpoint(MOTO.endpoint())
                .withPathStyle(true).withRegion(MotoServer.REGION), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))) {
            s3.createBucket(b -> b.bucket("minerva-results"));
        }
    }

    @Test
    void sampleRestAndHttpApiEventsStartASearchAndPageItsLogs() throws IOException {
        APIGatewayProxyRequestEvent rest = EventLoader.loadApiGatewayRestEvent("events/SearchHandler-rest-post.json");
        assertThat(rest.getHttpMethod()).isEqualTo("POST");
        JsonNode created = invoke(resource("events/SearchHandler-rest-post.json"));
        assertThat(created.path("statusCode").asInt()).isEqualTo(201);
        assertThat(created.path("headers").path("X-Request-Id").asText()).isEqualTo("rest-request-0001");
        assertThat(created.path("isBase64Encoded").asBoolean(true)).isFalse();
        String id = body(created).path("search_id").asText();

        APIGatewayV2HTTPEvent http = EventLoader.loadApiGatewayHttpEvent("events/SearchHandler-http-get-logs.json");
        assertThat(http.getRawQueryString()).contains("tags=aws.cloudtrail");
        seedCountsAndPage();
        JsonNode logs = invoke(resource("events/SearchHandler-http-get-logs.json").replace("SEARCH_ID", id));

        assertThat(logs.path("statusCode").asInt()).isEqualTo(200);
        assertThat(logs.path("headers").path("X-Request-Id").asText()).isEqualTo("http-request-0002");
        JsonNode page = body(logs);
        assertThat(page.path("logs")).hasSize(1);
        assertThat(page.path("logs").get(0).path("log").path("user").asText()).isEqualTo("alice");
        assertThat(page.path("logs").get(0).path("timestamp").asLong()).isEqualTo(1601511000L);
        assertThat(page.path("metadata").path("total").asLong()).isEqualTo(3);
        assertThat(page.path("metadata").path("sub_total").asLong()).isEqualTo(1);
        assertThat(page.path("metadata").path("limit").asLong()).isEqualTo(2);
        // Echoed from search.json, though this invocation never saw the POST.
        assertThat(page.path("metadata").path("query").get(0).path("term").asText()).isEqualTo("alice 10.0.0.1");
    }

    @Test
    void everyRouteAnswersBothPayloadVersions() throws IOException {
        for (boolean httpApi : new boolean[] {false, true}) {
            JsonNode created = invoke(event(httpApi, "POST", "/api/v1/search", "", BODY, "*"));
            assertThat(created.path("statusCode").asInt()).as("POST v%s", httpApi ? 2 : 1).isEqualTo(201);
            String id = body(created).path("search_id").asText();

            JsonNode status = invoke(event(httpApi, "GET", "/api/v1/search/" + id, "", null, ""));
            assertThat(status.path("statusCode").asInt()).isEqualTo(200);
            assertThat(body(status).path("metadata").path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(body(status).path("metadata").path("start_time").asLong()).isEqualTo(1601510400L);

            MOTO.post("/moto-api/static/athena/query-results", "{\"results\":[" + histogram() + "]}");
            JsonNode series = invoke(event(httpApi, "GET", "/api/v1/search/" + id + "/timeseries", "", null, ""));
            assertThat(series.path("statusCode").asInt()).isEqualTo(200);
            assertThat(body(series).path("labels")).hasSize(20);
            assertThat(body(series).path("timeseries").path("aws.cloudtrail").get(3).asLong()).isEqualTo(4);

            JsonNode cancelled = invoke(event(httpApi, "DELETE", "/api/v1/search/" + id, "", null, ""));
            assertThat(cancelled.path("statusCode").asInt()).isEqualTo(200);

            JsonNode hidden = invoke(event(httpApi, "GET", "/api/v1/search/" + id, "", null, "aws.guardduty"));
            assertThat(hidden.path("statusCode").asInt()).as("narrower caller").isEqualTo(404);

            JsonNode tooMany = invoke(event(httpApi, "GET", "/api/v1/search/" + id + "/logs", "limit=10001", null,
                    ""));
            assertThat(tooMany.path("statusCode").asInt()).isEqualTo(400);

            JsonNode unknown = invoke(event(httpApi, "GET", "/api/v1/nothing", "", null, ""));
            assertThat(unknown.path("statusCode").asInt()).isEqualTo(404);
        }
    }

    @Test
    void aBase64BodyIsDecodedAndANonEventIsRefused() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(event(true, "POST", "/api/v1/search", "", null, ""));
        event.put("body", Base64.getEncoder().encodeToString(BODY.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);
        assertThat(invoke(event.toString()).path("statusCode").asInt()).isEqualTo(201);

        JsonNode refused = invoke("[1, 2]");
        assertThat(refused.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(refused).path("message").asText()).contains("API Gateway proxy event");
    }

    /** A REST (1.0) or HTTP API (2.0) event on stage "prod", as API Gateway sends it. */
    private static String event(boolean httpApi, String method, String path, String rawQuery, String body,
            String permittedTags) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode headers = event.putObject("headers");
        headers.put("user-agent", "curl/8");
        headers.put("x-permitted-tags", permittedTags);
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "req-" + method);
        context.put("stage", "prod");
        if (httpApi) {
            event.put("version", "2.0");
            event.put("rawPath", "/prod" + path);
            event.put("rawQueryString", rawQuery);
            context.putObject("http").put("method", method).put("path", "/prod" + path).put("sourceIp", "192.0.2.1");
        } else {
            event.put("httpMethod", method);
            event.put("path", path);
            ObjectNode query = event.putObject("multiValueQueryStringParameters");
            for (String pair : rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
                String[] parts = pair.split("=", 2);
                query.withArray(parts[0]).add(parts[1]);
            }
            context.putObject("identity").put("sourceIp", "192.0.2.1");
        }
        if (body != null) {
            event.put("body", body);
            event.put("isBase64Encoded", false);
        }
        return event.toString();
    }

    private static JsonNode invoke(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return JSON.readTree(response.path("body").asText());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SearchHandlerTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void seedCountsAndPage() {
        MOTO.post("/moto-api/static/athena/query-results", "{\"results\":[{\"rows\":["
                + row("kind", "tag", "hits") + "," + row("total", "aws.cloudtrail", "2") + ","
                + row("total", "aws.vpcflowlogs", "1") + "," + row("window", "aws.cloudtrail", "1")
                + "],\"column_info\":[" + column("kind", "varchar") + "," + column("tag", "varchar") + ","
                + column("hits", "bigint") + "]},{\"rows\":[" + row("tag", "ts", "message") + ","
                + row("aws.cloudtrail", "2020-10-01 00:10:00.000", "{\\\"user\\\":\\\"alice\\\"}")
                + "],\"column_info\":[" + column("tag", "varchar") + "," + column("ts", "timestamp") + ","
                + column("message", "varchar") + "]}]}");
    }

    private static String histogram() {
        return "{\"rows\":[" + row("tag", "bin", "hits") + "," + row("aws.cloudtrail", "3", "4")
                + "],\"column_info\":[" + column("tag", "varchar") + "," + column("bin", "bigint") + ","
                + column("hits", "bigint") + "]}";
    }

    private static String row(String... values) {
        StringBuilder out = new StringBuilder("{\"Data\":[");
        for (int i = 0; i < values.length; i++) {
            out.append(i > 0 ? "," : "").append("{\"VarCharValue\":\"").append(values[i]).append("\"}");
        }
        return out.append("]}").toString();
    }

    private static String column(String name, String type) {
        return "{\"Name\":\"" + name + "\",\"Type\":\"" + type + "\"}";
    }
}
