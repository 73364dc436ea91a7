package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code minerva serve --api URL}: /api/* goes to a fake deployed API (an in-test HTTP server) signed with SigV4 for
 * execute-api; the fake recomputes the signature from what it received, independently of the SDK.
 */
class UiSigV4ProxyTest {
    private static final String ACCESS_KEY = "AKIDEXAMPLETEST00001";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/execute-api/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    /** One request as the fake upstream saw it. */
    record Seen(String method, String rawPath, String rawQuery, Map<String, String> headers, String body) {
    }

    @TempDir
    Path temp;

    private HttpServer upstream;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body));
            boolean create = exchange.getRequestMethod().equals("POST");
            byte[] answer = (create ? "{\"search_id\":\"11111111-2222-3333-4444-555555555555\"}" : "{\"message\":\"upstream says hi\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Set-Cookie", "upstream=secret");
            exchange.sendResponseHeaders(create ? 201 : 404, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    private URI upstreamStage() {
        return URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/prod");
    }

    @Test
    void requestsAreSignedForExecuteApiAndForwardedWithTheirPermittedTags() throws Exception {
        SigV4Proxy proxy = new SigV4Proxy(SigV4Proxy.base(upstreamStage() + "/"), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)), client);
        String body = "{\"query\":\"userAgent:\\\"aws cli\\\"\",\"start_dt\":\"2020-10-01T00:00:00\",\"end_dt\":\"2020-10-02T00:00:00\"}";
        SigV4Proxy.Response created = proxy.forward("POST", "/api/v1/search", Map.of(
                "x-permitted-tags", List.of("aws.cloudtrail,aws.vpcflow"), "Content-Type", List.of("application/json"),
                "Cookie", List.of("session=browser-only")), body.getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).isEqualTo(201);
        assertThat(new String(created.body(), StandardCharsets.UTF_8)).contains("search_id");
        assertThat(created.headers()).containsEntry("content-type", "application/json; charset=utf-8").doesNotContainKey("set-cookie");

        SigV4Proxy.Response logs = proxy.forward("GET",
                "/api/v1/search/11111111-2222-3333-4444-555555555555/logs?tags=aws.cloudtrail%2Caws.vpcflow&limit=50&offset=0",
                Map.of("X-Permitted-Tags", List.of("*")), new byte[0]);
        assertThat(logs.status()).isEqualTo(404);
        assertThat(new String(logs.body(), StandardCharsets.UTF_8)).contains("upstream says hi");

        assertThat(seen).hasSize(2);
        Seen post = seen.get(0);
        assertThat(post.rawPath()).isEqualTo("/prod/api/v1/search");
        assertThat(post.body()).isEqualTo(body);
        assertThat(post.headers()).containsEntry("x-permitted-tags", "aws.cloudtrail,aws.vpcflow").doesNotContainKey("Cookie");
        assertSignedCorrectly(post, "eu-west-1");
        Seen get = seen.get(1);
        assertThat(get.rawPath()).isEqualTo("/prod/api/v1/search/11111111-2222-3333-4444-555555555555/logs");
        assertThat(get.headers()).containsEntry("x-permitted-tags", "*");
        assertSignedCorrectly(get, "eu-west-1");
    }

    @Test
    void serveWithApiProxiesTheRoutesAndServesTheUiItself() throws Exception {
        // The default credential chain reads these system properties first.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        try (UiServe serve = UiServe.start("--api", upstreamStage().toString(), "--region", "us-west-2")) {
            assertThat(serve.out()).contains("(proxied to " + upstreamStage() + ", signed for execute-api in us-west-2)");
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(serve.uri().resolve("/api/v1/search"))
                    .header("x-permitted-tags", "aws.cloudtrail").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"192.0.2.1\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.body()).contains("11111111-2222-3333-4444-555555555555");
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(serve.uri()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            HttpResponse<String> elsewhere = client.send(HttpRequest.newBuilder(serve.uri().resolve("/secrets.txt")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(elsewhere.statusCode()).isEqualTo(404);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        assertThat(seen).hasSize(1).allSatisfy(request -> {
            assertThat(request.rawPath()).isEqualTo("/prod/api/v1/search");
            assertThat(request.headers()).containsEntry("x-permitted-tags", "aws.cloudtrail");
            assertSignedCorrectly(request, "us-west-2");
        });
    }

    @Test
    void anUnreachableApiOrMissingCredentialsAreReadableErrors() throws Exception {
        upstream.stop(0);
        SigV4Proxy down = new SigV4Proxy(upstreamStage(), "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)), client);
        SigV4Proxy.Response unreachable = down.forward("GET", "/api/v1/search/x", Map.of(), new byte[0]);
        assertThat(unreachable.status()).isEqualTo(502);
        assertThat(new String(unreachable.body(), StandardCharsets.UTF_8)).startsWith("{\"message\":\"The search API at http://127.0.0.1:");

        SigV4Proxy anonymous = new SigV4Proxy(upstreamStage(), "us-east-1", (AwsCredentialsProvider) () -> {
            throw new IllegalStateException("Unable to load credentials from any of the providers in the chain");
        }, client);
        SigV4Proxy.Response unsigned = anonymous.forward("GET", "/api/v1/search/x", Map.of(), new byte[0]);
        assertThat(unsigned.status()).isEqualTo(500);
        assertThat(new String(unsigned.body(), StandardCharsets.UTF_8)).contains("no AWS credentials found", "AWS_PROFILE");
    }

    @Test
    void theApiUrlIsCheckedAndNamesItsRegion() {
        URI stage = SigV4Proxy.base("https://abc123.execute-api.ap-southeast-2.amazonaws.com/prod/api/v1/search/");
        assertThat(stage).hasToString("https://abc123.execute-api.ap-southeast-2.amazonaws.com/prod");
        assertThat(SigV4Proxy.regionOf(stage)).contains("ap-southeast-2");
        assertThat(SigV4Proxy.regionOf(URI.create("https://search.example.com"))).isEmpty();

        CliRun plainHttp = CliRun.of("serve", "--api", "http://abc123.execute-api.us-east-1.amazonaws.com/prod");
        assertThat(plainHttp.status()).isEqualTo(2);
        assertThat(plainHttp.err()).contains("must be an https URL");
        CliRun noRegion = CliRun.of("serve", "--port", "0", "--api", "https://search.example.com/prod");
        if (System.getenv("AWS_REGION") == null) {
            assertThat(noRegion.status()).isEqualTo(2);
            assertThat(noRegion.err()).contains("Cannot tell the region of --api https://search.example.com/prod");
        }
        CliRun regionWithoutApi = CliRun.of("serve", "--warehouse", temp.toString(), "--region", "us-east-1");
        assertThat(regionWithoutApi.status()).isEqualTo(2);
        assertThat(regionWithoutApi.err()).contains("--region is only for signing requests to --api");
    }

    /** Recomputes the SigV4 signature (AWS's published algorithm) from the request as received. */
    private static void assertSignedCorrectly(Seen request, String region) {
        String authorization = request.headers().get("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
                .contains("/" + region + "/execute-api/aws4_request");
        String amzDate = request.headers().get("X-Amz-Date");
        assertThat(amzDate).matches("\\d{8}T\\d{6}Z");
        Matcher parts = AUTHORIZATION.matcher(authorization);
        assertThat(parts.matches()).as(authorization).isTrue();
        assertThat(parts.group(2)).isEqualTo(amzDate.substring(0, 8));
        List<String> signedHeaders = List.of(parts.group(4).split(";"));
        assertThat(signedHeaders).contains("host", "x-amz-date");
        if (request.headers().containsKey("x-permitted-tags")) {
            assertThat(signedHeaders).as("the permissions header cannot be swapped in transit").contains("x-permitted-tags");
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        canonical.append(canonicalPath(request.rawPath())).append('\n');
        canonical.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            canonical.append(name).append(':').append(request.headers().get(name).strip()).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        canonical.append(hex(sha256(request.body().getBytes(StandardCharsets.UTF_8))));
        String scope = parts.group(2) + "/" + region + "/execute-api/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), parts.group(2));
        key = hmac(key, region);
        key = hmac(key, "execute-api");
        key = hmac(key, "aws4_request");
        assertThat(parts.group(5)).as("signature over:\n" + canonical).isEqualTo(hex(hmac(key, toSign)));
    }

    /** Non-S3 services encode each path segment twice; our paths hold only unreserved characters, so once is the same. */
    private static String canonicalPath(String rawPath) {
        assertThat(rawPath).matches("[A-Za-z0-9/_.~-]+");
        return rawPath;
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>(List.of(rawQuery.split("&")));
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
