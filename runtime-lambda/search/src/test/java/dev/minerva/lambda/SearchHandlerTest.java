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

    /** As a stack parameter would hold them: one line, rules separated by semicolons. */
    static final String PERMISSIONS = "arn:aws:iam::123456789012:role/SecurityAdmin = *; "
            + "arn:aws:sts::123456789012:assumed-role/Analyst/* = aws.cloudtrail; api-key:strixkey01 = *";
    static final String ADMIN = "arn:aws:sts::123456789012:assumed-role/SecurityAdmin/alice";
    static final String ANALYST = "arn:aws:sts::123456789012:assumed-role/Analyst/bob";

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
                SearchHandlerEnvironment.PERMISSIONS, PERMISSIONS,
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

            JsonNode narrower = invoke(event(httpApi, "GET", "/api/v1/search/" + id, "", null, "aws.guardduty"));
            assertThat(narrower.path("statusCode").asInt()).as("narrower caller").isEqualTo(200);

            JsonNode tooMany = invoke(event(httpApi, "GET", "/api/v1/search/" + id + "/logs", "limit=10001", null,
                    ""));
            assertThat(tooMany.path("statusCode").asInt()).isEqualTo(400);

            JsonNode unknown = invoke(event(httpApi, "GET", "/api/v1/nothing", "", null, ""));
            assertThat(unknown.path("statusCode").asInt()).isEqualTo(404);
        }
    }

    @Test
    void theOriginalClientsSequenceWorksInApiKeyModeWithItsRequestIdsAndJqFilter() throws IOException {
        // Strix's backend: the API key (mode API key), the signed-in user's tags, one request id per request.
        String strix = "api-key:strixkey01";
        JsonNode created = invoke(withRequestId(event(false, "POST", "/api/v1/search", "",
                "{\"query\":[{\"term\":\"alice\"}],\"start_dt\":\"2020-10-01T00:00:00.000\","
                        + "\"end_dt\":\"2020-10-01T03:00:00\"}", "aws.cloudtrail,aws.vpcflowlogs", strix),
                "strix-0001"));
        assertThat(created.path("statusCode").asInt()).as(created.toString()).isEqualTo(201);
        assertThat(created.path("headers").path("X-Request-Id").asText()).isEqualTo("strix-0001");
        String id = body(created).path("search_id").asText();

        JsonNode status = body(invoke(withRequestId(event(false, "GET", "/api/v1/search/" + id, "", null,
                "aws.cloudtrail,aws.vpcflowlogs", strix), "strix-0002")));
        JsonNode metadata = status.path("metadata");
        assertThat(metadata.path("query").get(0).path("term").asText()).isEqualTo("alice");
        assertThat(metadata.path("start_time").asLong()).isEqualTo(1601510400L);
        assertThat(metadata.path("end_time").asLong()).isEqualTo(1601521200L);

        MOTO.post("/moto-api/static/athena/query-results", "{\"results\":[" + histogram() + "]}");
        JsonNode series = body(invoke(event(false, "GET", "/api/v1/search/" + id + "/timeseries", "", null,
                "aws.cloudtrail,aws.vpcflowlogs", strix)));
        assertThat(series.path("metadata").path("total").asLong()).isEqualTo(4);
        assertThat(series.path("metadata").path("sub_total").asLong()).isEqualTo(4);
        assertThat(series.path("metadata").path("offset").asLong()).isZero();
        assertThat(series.path("metadata").path("limit").asLong()).isZero();
        assertThat(series.path("metadata").path("tags").get(0).asText()).isEqualTo("aws.cloudtrail");

        seedCountsAndPage();
        JsonNode logs = body(invoke(event(false, "GET", "/api/v1/search/" + id + "/logs",
                "offset=0&limit=50&tags=aws.cloudtrail&query=.user", null, "aws.cloudtrail,aws.vpcflowlogs", strix)));
        assertThat(logs.path("logs")).hasSize(1);
        assertThat(logs.path("metadata").path("sub_total").asLong()).isEqualTo(1);
        assertThat(logs.path("metadata").path("filter_complete").asBoolean()).isTrue();

        JsonNode badFilter = invoke(event(false, "GET", "/api/v1/search/" + id + "/logs", "query=.user%7C%7C", null,
                "", strix));
        assertThat(badFilter.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(badFilter).path("message").asText()).contains("is not a jq filter");
    }

    @Test
    void permissionsComeFromTheCallersIdentityAndTheHeaderMayOnlyNarrowThem() throws IOException {
        for (boolean httpApi : new boolean[] {false, true}) {
            // No mapping: denied, whatever the header says.
            JsonNode unmapped = invoke(event(httpApi, "POST", "/api/v1/search", "", BODY, "*",
                    "arn:aws:iam::123456789012:user/mallory"));
            assertThat(unmapped.path("statusCode").asInt()).isEqualTo(403);
            assertThat(body(unmapped).path("message").asText()).contains("No tags are permitted to "
                    + "arn:aws:iam::123456789012:user/mallory");
            assertThat(body(unmapped).path("code").asText()).isEqualTo("PERMISSION_DENIED");
            JsonNode anonymous = invoke(event(httpApi, "POST", "/api/v1/search", "", BODY, "", ""));
            assertThat(anonymous.path("statusCode").asInt()).isEqualTo(403);

            // Wider by header: refused, not obeyed.
            JsonNode wider = invoke(event(httpApi, "POST", "/api/v1/search", "", BODY,
                    "aws.cloudtrail,aws.vpcflowlogs", ANALYST));
            assertThat(wider.path("statusCode").asInt()).isEqualTo(403);
            assertThat(body(wider).path("message").asText()).contains("may only narrow");

            // Narrower: the analyst's own role maps to aws.cloudtrail only, applied inside the search.
            JsonNode narrower = invoke(event(httpApi, "POST", "/api/v1/search", "", BODY, "", ANALYST));
            assertThat(narrower.path("statusCode").asInt()).isEqualTo(201);

            // A permalink across roles: the admin's search, opened by the analyst, shows the analyst's tags only.
            String id = body(invoke(event(httpApi, "POST", "/api/v1/search", "", BODY, "", ADMIN)))
                    .path("search_id").asText();
            seedCountsAndPage();
            JsonNode logs = invoke(event(httpApi, "GET", "/api/v1/search/" + id + "/logs", "", null, "", ANALYST));
            assertThat(logs.path("statusCode").asInt()).isEqualTo(200);
            assertThat(body(logs).path("metadata").path("total").asLong()).isEqualTo(2);
            assertThat(body(logs).path("metadata").path("tags")).hasSize(1);
            assertThat(body(logs).path("metadata").path("tags").get(0).asText()).isEqualTo("aws.cloudtrail");
            MOTO.post("/moto-api/static/athena/query-results", "{\"results\":[" + twoTagHistogram() + "]}");
            JsonNode series = body(invoke(event(httpApi, "GET", "/api/v1/search/" + id + "/timeseries", "", null, "",
                    ANALYST)));
            assertThat(series.path("timeseries").has("aws.vpcflowlogs")).isFalse();
            assertThat(series.path("timeseries").path("aws.cloudtrail").get(3).asLong()).isEqualTo(4);
            assertThat(series.path("metadata").path("total").asLong()).isEqualTo(4);
            // The analyst may not cancel what covers more than its tags.
            assertThat(invoke(event(httpApi, "DELETE", "/api/v1/search/" + id, "", null, "", ANALYST))
                    .path("statusCode").asInt()).isEqualTo(403);
            MOTO.reset();
            bucket();
        }
    }

    private static String withRequestId(String event, String requestId) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(event);
        ((ObjectNode) root.path("headers")).put("x-request-id", requestId);
        return root.toString();
    }

    private static String twoTagHistogram() {
        return "{\"rows\":[" + row("tag", "bin", "hits") + "," + row("aws.cloudtrail", "3", "4") + ","
                + row("aws.vpcflowlogs", "5", "7") + "],\"column_info\":[" + column("tag", "varchar") + ","
                + column("bin", "bigint") + "," + column("hits", "bigint") + "]}";
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
        return event(httpApi, method, path, rawQuery, body, permittedTags, ADMIN);
    }

    /**
     * As above, from {@code caller}: an IAM ARN where API Gateway's IAM authorisation puts it, or
     * {@code api-key:<id>} as the key id API-key mode gives a REST API event.
     */
    static String event(boolean httpApi, String method, String path, String rawQuery, String body,
            String permittedTags, String caller) {
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
            if (caller.startsWith("arn:")) {
                context.putObject("authorizer").putObject("iam").put("userArn", caller);
            }
        } else {
            event.put("httpMethod", method);
            event.put("path", path);
            ObjectNode query = event.putObject("multiValueQueryStringParameters");
            for (String pair : rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
                String[] parts = pair.split("=", 2);
                query.withArray(parts[0]).add(parts[1]);
            }
            ObjectNode identity = context.putObject("identity").put("sourceIp", "192.0.2.1");
            if (caller.startsWith("api-key:")) {
                identity.put("apiKeyId", caller.substring("api-key:".length())).put("apiKey", "secret-value");
            } else if (!caller.isEmpty()) {
                identity.put("userArn", caller);
            }
        }
        if (body != null) {
            event.put("body", body);
            event.put("isBase64Encoded", false);
        }
        return event.toString();
    }

    static JsonNode invoke(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    static JsonNode body(JsonNode response) throws IOException {
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

    static String row(String... values) {
        StringBuilder out = new StringBuilder("{\"Data\":[");
        for (int i = 0; i < values.length; i++) {
            out.append(i > 0 ? "," : "").append("{\"VarCharValue\":\"").append(values[i]).append("\"}");
        }
        return out.append("]}").toString();
    }

    static String column(String name, String type) {
        return "{\"Name\":\"" + name + "\",\"Type\":\"" + type + "\"}";
    }
}
