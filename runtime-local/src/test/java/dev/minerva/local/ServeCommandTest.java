package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code minerva serve} in process on a free port over the indexed samples and drives it over HTTP. */
class ServeCommandTest {
    private static final Pattern SERVING = Pattern.compile(
            "Serving the search API on http://127\\.0\\.0\\.1:(\\d+)/api/v1/search \\(warehouse (.+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesTheOriginalRoutesOverTheIndexedSamplesUntilInterrupted() throws Exception {
        String warehouse = temp.resolve("wh").toString();
        CliRun index = CliRun.of("index", "--warehouse", warehouse, "--config",
                IndexCommandTest.SAMPLES.resolve("minerva.yaml").toString(), IndexCommandTest.SAMPLES.resolve("logs").toString());
        assertThat(index.status()).as(index.err()).isZero();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread serving = new Thread(() -> status.set(MinervaCli.run(new String[] {"serve", "--warehouse", warehouse, "--port", "0"},
                new PrintWriter(out, true), new PrintWriter(err, true))), "serve-under-test");
        serving.start();
        try {
            Matcher matcher = awaitServing(out, err);
            assertThat(matcher.group(2)).isEqualTo(warehouse);
            String base = "http://127.0.0.1:" + matcher.group(1) + "/api/v1/search";

            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"query\":[{\"term\":\"192.0.2.1\"}],\"start_dt\":\"2010-01-01T00:00:00\",\"end_dt\":\"2030-01-01T00:00:00\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            String id = JSON.readTree(created.body()).path("search_id").asText();

            JsonNode metadata = null;
            for (int i = 0; i < 200; i++) {
                metadata = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id)).GET()), 200).path("metadata");
                if (!metadata.path("status").asText().equals("RUNNING")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(metadata.path("status").asText()).as(metadata.toString()).isEqualTo("SUCCEEDED");
            assertThat(metadata.path("start_time").asLong()).isEqualTo(1262304000L);

            JsonNode logs = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/logs?limit=100")).GET()), 200);
            List<String> tags = new ArrayList<>();
            logs.path("logs").forEach(log -> tags.add(log.path("tag").asText()));
            assertThat(tags).contains("aws.vpcflow", "aws.cloudtrail");
            assertThat(logs.at("/metadata/total").asLong()).isEqualTo(tags.size());
            assertThat(logs.path("logs").get(0).path("log").isObject()).isTrue();

            JsonNode series = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/timeseries")).GET()), 200);
            assertThat(series.path("labels")).hasSize(20);
            assertThat(series.path("timeseries").path("aws.vpcflow")).hasSize(20);

            // Query strings are decoded: a tag list with an encoded comma and space.
            JsonNode cloudtrail = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/logs?tags=aws.cloudtrail%2C%20nothing"))
                    .GET()), 200);
            assertThat(cloudtrail.at("/metadata/sub_total").asLong()).isPositive().isLessThan(tags.size());

            HttpResponse<String> oversized = send(HttpRequest.newBuilder(URI.create(base))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(ServeCommand.MAX_BODY_BYTES + 1))));
            assertThat(oversized.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(oversized.body()).path("message").asText()).contains("over");
            HttpResponse<String> elsewhere = send(HttpRequest.newBuilder(URI.create(base.replace("/api/v1/search", "/index.html"))).GET());
            assertThat(elsewhere.statusCode()).isEqualTo(404);
            assertThat(elsewhere.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertThat(serving.isAlive()).isFalse();
        assertThat(status.get()).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Stopped serving.");
    }

    /**
     * The original web client's sequence over real HTTP, behind its backend (--trusted-proxy), which sets each user's
     * tags and a request id: start, poll, chart, first page oldest first, tag filter, jq filter, next page; then a
     * restricted user opens the same search from a shared link.
     */
    @Test
    void theOriginalClientsSequenceWorksBehindATrustedProxyAndAPermalinkShowsARestrictedUserItsSubset()
            throws Exception {
        String warehouse = temp.resolve("wh").toString();
        CliRun index = CliRun.of("index", "--warehouse", warehouse, "--config",
                IndexCommandTest.SAMPLES.resolve("minerva.yaml").toString(), IndexCommandTest.SAMPLES.resolve("logs").toString());
        assertThat(index.status()).as(index.err()).isZero();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread serving = new Thread(() -> MinervaCli.run(new String[] {"serve", "--warehouse", warehouse, "--port", "0",
                "--trusted-proxy"}, new PrintWriter(out, true), new PrintWriter(err, true)), "serve-under-test");
        serving.start();
        try {
            String base = "http://127.0.0.1:" + awaitServing(out, err).group(1) + "/api/v1/search";
            String everything = "*";
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base))
                    .header("x-permitted-tags", everything).header("x-request-id", "strix-1")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"query\":[{\"term\":\"192.0.2.1\"}],\"start_dt\":\"2010-01-01T00:00:00\","
                            + "\"end_dt\":\"2030-01-01T00:00:00.000\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("X-Request-Id")).contains("strix-1");
            String id = JSON.readTree(created.body()).path("search_id").asText();

            JsonNode metadata = null;
            for (int i = 0; i < 200; i++) {
                metadata = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id))
                        .header("x-permitted-tags", everything).GET()), 200).path("metadata");
                if (!metadata.path("status").asText().equals("RUNNING")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(metadata.path("status").asText()).isEqualTo("SUCCEEDED");
            // The client refills its query box with meta.query.map(q => q.term).
            assertThat(metadata.path("query").isArray()).isTrue();
            assertThat(metadata.path("query").get(0).path("term").asText()).isEqualTo("192.0.2.1");

            JsonNode series = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/timeseries"))
                    .header("x-permitted-tags", everything).GET()), 200);
            long total = series.at("/metadata/total").asLong();
            assertThat(total).isPositive();
            assertThat(series.at("/metadata/tags").size()).isGreaterThan(1);

            JsonNode first = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/logs?offset=0&limit=2"))
                    .header("x-permitted-tags", everything).GET()), 200);
            assertThat(first.at("/metadata/total").asLong()).isEqualTo(total);
            List<Long> times = new ArrayList<>();
            first.path("logs").forEach(log -> times.add(log.path("timestamp").asLong()));
            assertThat(times).isSorted();
            JsonNode next = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/logs?offset=2&limit=2"))
                    .header("x-permitted-tags", everything).GET()), 200);
            if (next.path("logs").size() > 0) {
                assertThat(next.at("/logs/0/timestamp").asLong()).isGreaterThanOrEqualTo(times.get(times.size() - 1));
            }
            JsonNode filtered = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/logs?offset=0&limit=50&query="
                    + java.net.URLEncoder.encode(".srcaddr == \"192.0.2.1\"", java.nio.charset.StandardCharsets.UTF_8)))
                    .header("x-permitted-tags", everything).GET()), 200);
            assertThat(filtered.at("/metadata/sub_total").asLong()).isPositive().isLessThan(total);
            filtered.path("logs").forEach(log -> assertThat(log.at("/log/srcaddr").asText()).isEqualTo("192.0.2.1"));
            HttpResponse<String> badFilter = send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/logs?query=%5B"))
                    .header("x-permitted-tags", everything).GET());
            assertThat(badFilter.statusCode()).isEqualTo(400);

            // The shared link, opened by a user the backend restricts to CloudTrail: its subset, never a 404.
            JsonNode restricted = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/logs?limit=100"))
                    .header("x-permitted-tags", "aws.cloudtrail").GET()), 200);
            assertThat(restricted.at("/metadata/tags")).hasSize(1);
            assertThat(restricted.at("/metadata/tags/0").asText()).isEqualTo("aws.cloudtrail");
            assertThat(restricted.at("/metadata/total").asLong()).isPositive().isLessThan(total);
            restricted.path("logs").forEach(log -> assertThat(log.path("tag").asText()).isEqualTo("aws.cloudtrail"));
            JsonNode restrictedSeries = json(send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/timeseries"))
                    .header("x-permitted-tags", "aws.cloudtrail").GET()), 200);
            assertThat(restrictedSeries.path("timeseries").fieldNames()).toIterable().containsExactly("aws.cloudtrail");
            assertThat(restrictedSeries.at("/metadata/total").asLong())
                    .isEqualTo(restricted.at("/metadata/total").asLong());
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
    }

    @Test
    void serveRefusesToListenBeyondLoopback() throws Exception {
        CliRun remote = CliRun.of("serve", "--warehouse", temp.toString(), "--port", "0", "--bind", "0.0.0.0");
        assertThat(remote.status()).isEqualTo(1);
        assertThat(remote.err()).contains("--bind 0.0.0.0 is not a loopback address");
    }

    @Test
    void aMissingWarehouseOrABusyPortIsAUserError() throws Exception {
        CliRun missing = CliRun.of("serve", "--warehouse", temp.resolve("nope").toString(), "--port", "0");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).startsWith("minerva: No warehouse at ");

        CliRun badPort = CliRun.of("serve", "--warehouse", temp.toString(), "--port", "70000");
        assertThat(badPort.status()).isEqualTo(1);
        assertThat(badPort.err()).contains("--port must be between 0 and 65535");

        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun taken = CliRun.of("serve", "--warehouse", temp.toString(), "--port", String.valueOf(busy.getLocalPort()));
            assertThat(taken.status()).isEqualTo(1);
            assertThat(taken.err()).contains("Cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    private static Matcher awaitServing(StringWriter out, StringWriter err) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            Matcher matcher = SERVING.matcher(out.toString());
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not start; out: " + out + " err: " + err);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
