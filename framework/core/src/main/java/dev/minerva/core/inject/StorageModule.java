package dev.minerva.core.inject;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.core.storage.S3ClientFactory;
import dev.minerva.core.storage.S3Location;
import dev.minerva.core.storage.S3LogObjects;
import dev.minerva.core.storage.S3Settings;
import dev.minerva.core.storage.S3WarehouseStorage;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.WarehouseStorage;
import dev.minerva.spi.MinervaException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Binds the {@link WarehouseStorage} of a warehouse location, a local folder or {@code s3://bucket/prefix/}, plus
 * the S3 client and the S3 log objects reader. The client is built only when something needs it, so a local
 * warehouse with local logs never touches the AWS configuration.
 */
public final class StorageModule extends AbstractModule {
    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    private final Optional<Path> localRoot;
    private final Optional<S3Location> s3Root;
    // Empty: read from the environment when a client is first needed, so a bad AWS_REGION cannot break local runs.
    private final Optional<S3Settings> settings;
    private final Optional<AwsCredentialsProvider> credentials;

    private StorageModule(Optional<Path> localRoot, Optional<S3Location> s3Root, Optional<S3Settings> settings,
            Optional<AwsCredentialsProvider> credentials) {
        this.localRoot = localRoot;
        this.s3Root = s3Root;
        this.settings = settings;
        this.credentials = credentials;
    }

    /** A warehouse in a local folder; S3 clients (for S3 log objects) come from the environment. */
    public static StorageModule local(Path root) {
        requireNonNull(root, "root is null");
        return new StorageModule(Optional.of(root), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A warehouse at {@code location}; S3 credentials from the SDK's default chain. */
    public static StorageModule of(String location, S3Settings settings) {
        return parse(location, settings, Optional.empty());
    }

    /** A warehouse at {@code location}, reaching S3 with the given credentials (tests, explicit roles). */
    public static StorageModule of(String location, S3Settings settings, AwsCredentialsProvider credentials) {
        return parse(location, settings, Optional.of(requireNonNull(credentials, "credentials is null")));
    }

    /** True for {@code s3://…} locations. */
    public static boolean isS3(String location) {
        return requireNonNull(location, "location is null").startsWith("s3://");
    }

    /** The location as given to this module: the folder's path or the {@code s3://} prefix. */
    public String location() {
        return s3Root.map(S3Location::toString).orElseGet(() -> localRoot.orElseThrow().toString());
    }

    public Optional<S3Location> s3Root() {
        return s3Root;
    }

    public Optional<Path> localRoot() {
        return localRoot;
    }

    @Provides
    @Singleton
    S3Client s3Client() {
        S3Settings settings = this.settings.orElseGet(S3Settings::fromEnvironment);
        return credentials.map(c -> S3ClientFactory.create(settings, c)).orElseGet(() -> S3ClientFactory.create(settings));
    }

    @Provides
    @Singleton
    WarehouseStorage storage(Provider<S3Client> client) {
        if (s3Root.isPresent()) {
            return new S3WarehouseStorage(client.get(), s3Root.get());
        }
        return new LocalWarehouseStorage(localRoot.orElseThrow());
    }

    @Provides
    @Singleton
    S3LogObjects s3LogObjects(S3Client client) {
        return new S3LogObjects(client);
    }

    private static StorageModule parse(String location, S3Settings s3Settings, Optional<AwsCredentialsProvider> credentials) {
        requireNonNull(location, "location is null");
        Optional<S3Settings> settings = Optional.of(requireNonNull(s3Settings, "settings is null"));
        if (location.isBlank()) {
            throw MinervaException.userInput("The warehouse location is empty: expected a folder or s3://bucket/prefix/");
        }
        if (isS3(location)) {
            S3Location root = S3Location.parse(location).asPrefix();
            return new StorageModule(Optional.empty(), Optional.of(root), settings, credentials);
        }
        if (SCHEME.matcher(location).matches()) {
            throw MinervaException.userInput("Unsupported warehouse location '" + location
                    + "': expected a local folder or s3://bucket/prefix/");
        }
        try {
            return new StorageModule(Optional.of(Path.of(location)), Optional.empty(), settings, credentials);
        } catch (InvalidPathException e) {
            throw MinervaException.userInput("Invalid warehouse folder '" + location + "': " + e.getMessage());
        }
    }
}
