package dev.minerva.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.core.api.SearchApi;
import dev.minerva.spi.MinervaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Forwards {@code /api/*} requests to a deployed search API (API Gateway with IAM authorization) and signs each with
 * the caller's AWS credentials, SigV4 for the service {@code execute-api}, so the UI on this machine reaches the
 * deployed API without a login of its own. The {@code x-permitted-tags} header passes through unchanged: whatever the
 * deployment does with it (its authorizer may overwrite it), the proxy neither adds nor widens permissions.
 */
final class SigV4Proxy {
    /** The SigV4 service name of API Gateway's invoke endpoint. */
    static final String SERVICE = "execute-api";

    private static final Pattern EXECUTE_API_HOST = Pattern.compile(
            "[^.]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?", Pattern.CASE_INSENSITIVE);
    /** Request headers the upstream needs; cookies and the rest of the browser's headers stay here. */
    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of(
            SearchApi.PERMITTED_TAGS, "content-type", "accept", "user-agent");
    private static final Set<String> FORWARDED_RESPONSE_HEADERS = Set.of(
            "content-type", "cache-control", "allow", "x-request-id", "x-amzn-requestid");
    /** Headers the JDK client sets itself (and refuses to be given); they are still signed. */
    private static final Set<String> CLIENT_OWNED_HEADERS = Set.of(
            "host", "content-length", "connection", "expect", "upgrade");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final HttpClient client;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** One answer of the upstream, with the headers worth passing on. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        Response {
            headers = Map.copyOf(headers);
            requireNonNull(body, "body is null");
        }
    }

    SigV4Proxy(URI base, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials, HttpClient client) {
        this.base = requireNonNull(base, "base is null");
        this.region = requireNonNull(region, "region is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.client = requireNonNull(client, "client is null");
    }

    /**
     * Checks the {@code --api} URL: https (or http to this machine, for tests), no query, no fragment. A URL that
     * already ends in {@code /api/v1/search} is taken to mean its stage root.
     */
    static URI base(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw MinervaException.userInput("--api '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && loopback(uri.getHost()))) {
            throw MinervaException.userInput("--api '" + url + "' must be an https URL such as "
                    + "https://abc123.execute-api.us-east-1.amazonaws.com/prod (http only to this machine)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw MinervaException.userInput("--api '" + url + "' must not have a query or fragment; give the stage "
                    + "URL the API's routes hang from, such as https://abc123.execute-api.us-east-1.amazonaws.com/prod");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(SearchApi.PREFIX)) {
            path = path.substring(0, path.length() - SearchApi.PREFIX.length());
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /** The region an API Gateway host names ({@code ID.execute-api.REGION.amazonaws.com}). */
    static Optional<String> regionOf(URI base) {
        Matcher matcher = EXECUTE_API_HOST.matcher(base.getHost() == null ? "" : base.getHost());
        return matcher.matches() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    URI baseUri() {
        return base;
    }

    String region() {
        return region;
    }

    /**
     * Signs and sends one request; {@code rawPathAndQuery} is the path under the base, still URL-encoded as the
     * browser sent it. Upstream failures come back as a JSON error the UI shows, never as an exception.
     */
    Response forward(String method, String rawPathAndQuery, Map<String, List<String>> headers, byte[] body) {
        requireNonNull(method, "method is null");
        requireNonNull(rawPathAndQuery, "rawPathAndQuery is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        URI target = URI.create(base + rawPathAndQuery);
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method.toUpperCase(Locale.ROOT)))
                .uri(target);
        headers.forEach((name, values) -> {
            if (FORWARDED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                unsigned.putHeader(name.toLowerCase(Locale.ROOT), values);
            }
        });
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveIdentity().join();
        } catch (RuntimeException e) {
            return error(500, "Cannot sign the request to " + base + ": no AWS credentials found (" + rootMessage(e)
                    + "). Set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or run 'aws sso login', then retry.");
        }
        SignedRequest signed = signer.sign(request -> request
                .identity(identity)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        SdkHttpRequest request = signed.request();
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(request.getUri())
                .timeout(TIMEOUT)
                .method(request.method().name(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        request.forEachHeader((name, values) -> {
            if (!CLIENT_OWNED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> outgoing.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(outgoing.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return error(502, "The search API at " + base + " did not answer: " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "Stopped while waiting for the search API at " + base);
        }
        Map<String, String> passed = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (FORWARDED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                passed.put(name, String.join(",", values));
            }
        });
        return new Response(response.statusCode(), passed, response.body());
    }

    /** A JSON error in the API's shape ({@code {"message":…}}). */
    static Response error(int status, String message) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("message", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of one string always serializes", e);
        }
        return new Response(status, Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store"),
                body);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
