package dev.minerva.aws.athena;

import java.io.File;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A {@code moto_server} for core's Athena tests (core's tests cannot use testkit's MotoServer, which depends on
 * core): a free loopback port, clients for it, seeded Athena results and the state manager. Disabled where moto is
 * not installed.
 */
public final class AthenaMoto implements BeforeAllCallback, AfterAllCallback {
    private Process process;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<String> executable = find();
        Assumptions.assumeTrue(executable.isPresent(), "moto_server is not installed on this machine");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("moto-athena-", ".log");
        process = new ProcessBuilder(executable.get(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpClient client = HttpClient.newHttpClient();
        while (true) {
            try {
                client.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("moto_server did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public AthenaClient athena() {
        return AthenaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint())
                .region(Region.US_EAST_1).credentialsProvider(credentials()).build();
    }

    public S3Client s3() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint())
                .region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(credentials()).build();
    }

    /** Queues results for the next Athena executions, in the order they start (moto assigns them at start). */
    public void seed(String resultsJson) {
        post("/moto-api/static/athena/query-results", "{\"results\":" + resultsJson + "}");
    }

    /** Keeps new executions QUEUED (manual progression) or lets them succeed at once again. */
    public void holdExecutions(boolean hold) {
        if (hold) {
            post("/moto-api/state-manager/set-transition", "{\"model_name\":\"athena::execution\","
                    + "\"transition\":{\"progression\":\"manual\",\"times\":1000000}}");
        } else {
            post("/moto-api/state-manager/unset-transition", "{\"model_name\":\"athena::execution\"}");
        }
    }

    public void reset() {
        post("/moto-api/reset", "");
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    private void post(String path, String body) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint()
                    .resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("moto answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
