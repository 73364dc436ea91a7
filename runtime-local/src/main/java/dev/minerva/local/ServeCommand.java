package dev.minerva.local;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.minerva.core.api.ApiRequest;
import dev.minerva.core.api.ApiResponse;
import dev.minerva.core.api.CallerPermissions;
import dev.minerva.core.api.SearchApi;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.duckdb.DuckDbSearchModule;
import dev.minerva.core.inject.WarehouseModule;
import dev.minerva.core.search.Searches;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code minerva serve}: the web UI at {@code /} and the search API of the original Minerva at
 * {@code /api/v1/search}, either over this machine's warehouse or, with {@code --api}, proxied to a deployed search API
 * with each request signed by the user's AWS credentials.
 */
@Command(mixinStandardHelpOptions = true, name = "serve", description = {
        "Serve the web UI (/) and the search API (/api/v1/search) over HTTP until interrupted.",
        "With --api URL, /api/* goes to that deployed search API instead, signed (SigV4, execute-api) with your AWS "
                + "credentials from the default chain (environment, profile, SSO, instance role)."})
final class ServeCommand implements Callable<Integer> {
    /** The largest request body read; a search request is a few hundred bytes. */
    static final int MAX_BODY_BYTES = 1 << 20;

    /** How much more of an oversized body is read and dropped so its sender gets the 413. */
    private static final int DRAIN_BYTES = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private static final int REQUEST_THREADS = 8;

    @Spec
    CommandSpec spec;

    @Mixin
    WarehouseOption warehouse;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The loopback address to listen on (default: ${DEFAULT-VALUE}); the API has no "
                    + "authentication of its own, so it serves this machine only.")
    String bind;

    @Option(names = "--trusted-proxy",
            description = "A proxy on this machine that signs users in (such as the original Minerva web client's "
                    + "backend) stands in front and sets x-permitted-tags for each request: honour that header. "
                    + "Without this option the header is ignored and every caller sees every tag.")
    boolean trustedProxy;

    @Option(names = "--api", paramLabel = "URL",
            description = "Proxy /api/* to this deployed search API (its stage URL, such as "
                    + "https://abc123.execute-api.us-east-1.amazonaws.com/prod) instead of searching the local warehouse.")
    String api;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The region to sign --api requests for (default: the one in an execute-api URL, else AWS_REGION).")
    String region;

    private final StaticAssets assets = new StaticAssets();

    @Override
    public Integer call() throws IOException {
        if (port < 0 || port > 65_535) {
            throw MinervaException.userInput("--port must be between 0 and 65535, not " + port);
        }
        if (trustedProxy && api != null) {
            throw MinervaException.userInput("--trusted-proxy is for the local search API; with --api the deployed "
                    + "API decides from your AWS identity");
        }
        if (api != null) {
            return proxy();
        }
        if (region != null) {
            throw MinervaException.userInput("--region is only for signing requests to --api URL");
        }
        Path root = warehouse.resolve();
        if (!Files.isDirectory(root)) {
            throw MinervaException.userInput("No warehouse at " + root + "; index something first, or pass --warehouse DIR");
        }
        Injector injector = Guice.createInjector(new WarehouseModule(root), new DuckDbSearchModule(root));
        SearchApi api = new SearchApi(injector.getInstance(Searches.class), injector.getInstance(TermTokenizer.class),
                trustedProxy ? CallerPermissions.fromTrustedHeader() : CallerPermissions.everything());
        return serve(exchange -> exchange(exchange, api), "warehouse " + root,
                () -> close(injector));
    }

    /** {@code --api}: the UI here, every {@code /api/*} request signed and sent to the deployed search API. */
    private Integer proxy() {
        URI base = SigV4Proxy.base(api);
        String signingRegion = region != null ? region.strip()
                : SigV4Proxy.regionOf(base).orElseGet(() -> Optional.ofNullable(System.getenv("AWS_REGION"))
                        .filter(text -> !text.isBlank()).orElseThrow(() -> MinervaException.userInput(
                                "Cannot tell the region of --api " + base + ": it is not an execute-api host; pass "
                                        + "--region REGION or set AWS_REGION")));
        SigV4Proxy proxy = new SigV4Proxy(base, signingRegion, DefaultCredentialsProvider.builder().build(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        return serve(exchange -> forward(exchange, proxy),
                "proxied to " + base + ", signed for " + SigV4Proxy.SERVICE + " in " + signingRegion, () -> { });
    }

    /**
     * Listens on {@code --bind}:{@code --port}, answers UI files itself and hands every other request to
     * {@code handler}, prints where it listens, and serves until interrupted; {@code onStop} releases what the
     * handler holds, also when listening fails.
     */
    private Integer serve(HttpHandler handler, String what, Runnable onStop) {
        ExecutorService requests = Executors.newFixedThreadPool(REQUEST_THREADS, daemonThreads());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address(bind), port), 0);
        } catch (IOException e) {
            requests.shutdownNow();
            onStop.run();
            throw MinervaException.userInput("Cannot listen on " + bind + ":" + port + ": " + e.getMessage());
        }
        server.createContext("/", exchange -> {
            if (!serveAsset(exchange)) {
                handler.handle(exchange);
            }
        });
        server.setExecutor(requests);
        server.start();
        PrintWriter out = spec.commandLine().getOut();
        InetSocketAddress bound = server.getAddress();
        String origin = "http://" + host(bound.getAddress()) + ":" + bound.getPort();
        out.printf("Serving the search API on %s%s (%s)%n", origin, SearchApi.PREFIX, what);
        out.printf("Web UI: %s/%n", origin);
        out.flush();
        try {
            awaitInterrupt();
        } finally {
            server.stop(0);
            requests.shutdownNow();
            onStop.run();
        }
        out.println("Stopped serving.");
        out.flush();
        return 0;
    }

    private static void awaitInterrupt() {
        try {
            // Requests run on the server's threads; this one only waits to be interrupted (or the process to end).
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers a GET or HEAD of a UI file; false when the request is for something else. */
    private boolean serveAsset(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        if (!(method.equals("GET") || method.equals("HEAD")) || path == null || path.startsWith("/api/")) {
            return false;
        }
        Optional<StaticAssets.Asset> found = assets.find(path);
        if (found.isEmpty()) {
            return false;
        }
        StaticAssets.Asset asset = found.get();
        try {
            asset.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            if (StaticAssets.matches(exchange.getRequestHeaders().getFirst("If-None-Match"), asset)) {
                exchange.sendResponseHeaders(304, -1);
            } else if (method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", String.valueOf(asset.body().length));
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, asset.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(asset.body());
                }
            }
        } finally {
            exchange.close();
        }
        return true;
    }

    /** Hands one exchange to the deployed API through the signing proxy. */
    private static void forward(HttpExchange exchange, SigV4Proxy proxy) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            SigV4Proxy.Response response;
            String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
            String body = body(exchange);
            if (!path.startsWith("/api/")) {
                response = SigV4Proxy.error(404, "No route " + exchange.getRequestMethod() + " " + path
                        + "; the web UI is at / and the search API at " + SearchApi.PREFIX);
            } else if (body == null) {
                response = SigV4Proxy.error(413, "Request body is over " + MAX_BODY_BYTES + " bytes");
            } else {
                response = proxy.forward(exchange.getRequestMethod(),
                        path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                        exchange.getRequestHeaders(), body.getBytes(StandardCharsets.UTF_8));
            }
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
            byte[] bytes = response.body();
            exchange.sendResponseHeaders(response.status(), head || bytes.length == 0 ? -1 : bytes.length);
            if (!head && bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot forward {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            throw e;
        } finally {
            exchange.close();
        }
    }

    private static InetAddress address(String text) {
        InetAddress address;
        try {
            address = InetAddress.getByName(text);
        } catch (IOException e) {
            throw MinervaException.userInput("--bind '" + text + "' is not an address of this machine: " + e.getMessage());
        }
        if (!address.isLoopbackAddress()) {
            // Nothing here authenticates a caller: a remote one would read every log of the warehouse.
            throw MinervaException.userInput("--bind " + text + " is not a loopback address; minerva serve listens on "
                    + "this machine only (127.0.0.1 or ::1). Put a proxy that signs users in on this machine in front, "
                    + "with --trusted-proxy, to serve others");
        }
        return address;
    }

    private static String host(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    /** Stops the searches' threads and closes the engine. */
    private static void close(Injector injector) {
        injector.getInstance(ExecutorService.class).shutdownNow();
        injector.getInstance(QueryEngine.class).close();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "minerva-http-" + count.incrementAndGet());
            // Stopping the command must not wait for an idle keep-alive connection.
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Hands one exchange to the API; anything the API cannot see (body too big, bad query string) is refused. */
    private static void exchange(HttpExchange exchange, SearchApi api) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
            String requestId = UUID.randomUUID().toString();
            ApiRequest bare = new ApiRequest(exchange.getRequestMethod(), uri.getPath() == null ? "/" : uri.getPath(),
                    Map.of(), headers, "", sourceIp, requestId);
            ApiResponse response;
            Map<String, List<String>> query;
            try {
                query = queryParameters(uri.getRawQuery());
            } catch (IllegalArgumentException e) {
                send(exchange, api.refuse(bare, 400, "Malformed query string: " + e.getMessage()));
                return;
            }
            String body = body(exchange);
            if (body == null) {
                response = api.refuse(bare, 413, "Request body is over " + MAX_BODY_BYTES + " bytes");
            } else {
                response = api.handle(new ApiRequest(bare.method(), bare.path(), query, headers, body, sourceIp,
                        requestId));
            }
            send(exchange, response);
        } catch (RuntimeException e) {
            // The JDK server drops the connection silently on an exception; say why in the log at least.
            LOG.error("Cannot answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            throw e;
        } finally {
            exchange.close();
        }
    }

    /** The body as UTF-8 text, or null when it is longer than {@link #MAX_BODY_BYTES}. */
    private static String body(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean hopeless = length != null && length.strip().matches("\\d{1,18}")
                && Long.parseLong(length.strip()) > MAX_BODY_BYTES + DRAIN_BYTES;
        if (hopeless) {
            return null;
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length <= MAX_BODY_BYTES) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            // Closing with unread bytes resets the connection, and the client, still sending, would never see the
            // 413; so read on, to a bound.
            byte[] buffer = new byte[64 * 1024];
            long drained = 0;
            int read;
            while (drained < DRAIN_BYTES && (read = in.read(buffer)) >= 0) {
                drained += read;
            }
            return null;
        }
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] bytes = response.jsonBody().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status(), head || bytes.length == 0 ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
