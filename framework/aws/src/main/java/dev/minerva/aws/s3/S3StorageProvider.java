package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.index.LogObject;
import dev.minerva.core.storage.StorageProvider;
import dev.minerva.core.warehouse.WarehouseStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code s3} scheme: warehouses under {@code s3://bucket/prefix/} and log objects in S3. The client is built
 * when first needed, so a process that only touches local files never reads the AWS configuration.
 */
public final class S3StorageProvider implements StorageProvider {
    /** The scheme served. */
    public static final String SCHEME = "s3";

    private final Supplier<S3Client> client;
    private volatile S3LogObjects objects;

    private S3StorageProvider(Supplier<S3Client> client) {
        this.client = client;
    }

    /** S3 with settings read from the environment when the client is first needed; the SDK's default credentials. */
    public static S3StorageProvider fromEnvironment() {
        return lazy(() -> S3ClientFactory.create(S3Settings.fromEnvironment()));
    }

    /** S3 with these settings and the SDK's default credentials. */
    public static S3StorageProvider of(S3Settings settings) {
        requireNonNull(settings, "settings is null");
        return lazy(() -> S3ClientFactory.create(settings));
    }

    /** S3 with these settings and, when given, these credentials (tests, explicit roles). */
    public static S3StorageProvider of(S3Settings settings, Optional<AwsCredentialsProvider> credentials) {
        requireNonNull(settings, "settings is null");
        requireNonNull(credentials, "credentials is null");
        return lazy(() -> credentials.map(c -> S3ClientFactory.create(settings, c))
                .orElseGet(() -> S3ClientFactory.create(settings)));
    }

    /** S3 through an existing client. */
    public static S3StorageProvider of(S3Client client) {
        requireNonNull(client, "client is null");
        return new S3StorageProvider(() -> client);
    }

    private static S3StorageProvider lazy(Supplier<S3Client> factory) {
        return new S3StorageProvider(new Supplier<>() {
            private S3Client built;

            @Override
            public synchronized S3Client get() {
                if (built == null) {
                    built = factory.get();
                }
                return built;
            }
        });
    }

    /** The S3 client, built on first use. */
    public S3Client client() {
        return client.get();
    }

    /** Lists and streams log objects in S3. */
    public S3LogObjects logObjects() {
        S3LogObjects current = objects;
        if (current == null) {
            current = new S3LogObjects(client());
            objects = current;
        }
        return current;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public void validate(String location) {
        S3Location.parse(location);
    }

    @Override
    public WarehouseStorage warehouse(String location) {
        return new S3WarehouseStorage(client(), S3Location.parse(location).asPrefix());
    }

    @Override
    public List<LogObject> list(String location) {
        return logObjects().list(S3Location.parse(location));
    }

    @Override
    public InputStream open(LogObject object) throws IOException {
        return logObjects().open(object);
    }
}
