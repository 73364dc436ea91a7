package dev.minerva.testing.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@code moto_server} process (the AWS emulator) on a free loopback port, started by the test that needs it and
 * stopped after its class: S3, SQS, SNS, Glue, Athena and CloudFormation without an AWS account. Register with
 * {@code @RegisterExtension static final MotoServer MOTO = new MotoServer();}. Tests are disabled with a clear
 * reason where {@code moto_server} is not installed.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {
    /** Dummy credentials moto accepts; set them on every client. */
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final String REGION = "us-east-1";

    private Process process;
    private int port;
    private Path log;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String executable = find().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(executable != null, "moto_server is not installed on this machine");
        port = freePort();
        log = Files.createTempFile("moto-", ".log");
        ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_DEFAULT_REGION", REGION));
        process = builder.start();
        awaitReady(Duration.ofSeconds(30));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** The endpoint every SDK client should override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Clears every emulated resource, between tests. */
    public void reset() {
        send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Posts a JSON body to one of moto's own endpoints, such as {@code /moto-api/static/athena/query-results}. */
    public String post(String path, String json) {
        return send(HttpRequest.newBuilder(endpoint().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("moto answered " + response.statusCode() + " to " + request.uri() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start-up: " + Files.readString(log));
            }
            try {
                client.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/")).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + timeout + ": " + Files.readString(log));
    }

    private static java.util.Optional<String> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate.toString());
            }
        }
        return java.util.Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
