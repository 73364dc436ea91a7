package dev.minerva.testing.aws;

import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3 (S3Proxy on a transient in-memory store) for tests, started once per test run and shared by
 * every class that registers it: {@code @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();}.
 * Each test takes a fresh bucket from {@link #newBucket()}, so tests never see each other's objects.
 */
public final class S3ProxyFixture implements BeforeAllCallback {
    public static final String ACCESS_KEY = "minerva-test-access";
    public static final String SECRET_KEY = "minerva-test-secret";
    public static final String REGION = "us-east-1";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3ProxyFixture.class);

    private Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store outlives every test class and closes the server when the whole run ends.
        server = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Server.class, type -> start(), Server.class);
    }

    /** Where the server listens, for example {@code http://127.0.0.1:41235}. */
    public URI endpoint() {
        return running().endpoint;
    }

    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** A shared client for the server, closed with it. */
    public S3Client client() {
        return running().client;
    }

    /** A new, empty bucket with a unique name. */
    public String newBucket() {
        String bucket = "test-" + UUID.randomUUID().toString().substring(0, 18);
        client().createBucket(r -> r.bucket(bucket));
        return bucket;
    }

    private Server running() {
        if (server == null) {
            throw new IllegalStateException("S3ProxyFixture is not started: register it with @RegisterExtension"
                    + " on a static field");
        }
        return server;
    }

    private Server start() {
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(BlobStores.create("transient", new Properties()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            return new Server(proxy, endpoint, S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION))
                    .forcePathStyle(true).credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("Could not start S3Proxy", e);
        }
    }

    private record Server(S3Proxy proxy, URI endpoint, S3Client client) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            try {
                proxy.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop S3Proxy", e);
            }
        }
    }
}
