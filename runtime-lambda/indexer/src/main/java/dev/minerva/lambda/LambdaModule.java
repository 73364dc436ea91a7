package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.core.config.SourceConfigLoader;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.inject.FormatsModule;
import dev.minerva.core.inject.StorageModule;
import dev.minerva.core.inject.WarehouseModule;
import dev.minerva.aws.s3.S3ClientFactory;
import dev.minerva.aws.s3.S3Location;
import dev.minerva.aws.s3.S3StorageProvider;
import dev.minerva.core.storage.Storages;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires the Lambda handlers from the environment: formats (bundled plus layers), the warehouse and its storage, and
 * the source routes from {@code MINERVA_CONFIG} or the YAML bundled in the JAR.
 */
public final class LambdaModule extends AbstractModule {
    private final LambdaEnvironment environment;
    private final Optional<AwsCredentialsProvider> credentials;

    /** Credentials from the SDK's default chain: the function's role. */
    public LambdaModule(LambdaEnvironment environment) {
        this(environment, Optional.empty());
    }

    LambdaModule(LambdaEnvironment environment, Optional<AwsCredentialsProvider> credentials) {
        this.environment = requireNonNull(environment, "environment is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    @Override
    protected void configure() {
        bind(LambdaEnvironment.class).toInstance(environment);
        install(new FormatsModule(environment.pluginDirectories()));
        String warehouse = environment.warehouse();
        install(new WarehouseModule(StorageModule.of(warehouse,
                S3StorageProvider.of(environment.s3Settings(), credentials))));
    }

    @Provides
    @Singleton
    SourceRoutes routes(FormatRegistry registry) {
        SourceConfigLoader loader = new SourceConfigLoader(registry);
        Optional<String> config = environment.config();
        if (config.isEmpty()) {
            return loader.parse(bundledConfig(), "minerva-lambda-indexer.jar!" + LambdaEnvironment.BUNDLED_CONFIG, Path.of("/"));
        }
        String location = config.get();
        if (Storages.schemeOf(location).equals(S3StorageProvider.SCHEME)) {
            return loader.parse(readOnce(S3Location.parse(location)), location, Path.of("/"));
        }
        return loader.load(Path.of(location));
    }

    private static String bundledConfig() {
        try (InputStream in = LambdaModule.class.getResourceAsStream(LambdaEnvironment.BUNDLED_CONFIG)) {
            if (in == null) {
                throw new MinervaException(ErrorKind.INTERNAL, "The JAR has no " + LambdaEnvironment.BUNDLED_CONFIG
                        + "; set " + LambdaEnvironment.CONFIG + " to the sources YAML");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MinervaException(ErrorKind.INTERNAL, "Cannot read the bundled " + LambdaEnvironment.BUNDLED_CONFIG, e);
        }
    }

    /**
     * Reads the sources configuration during init with a client of its own, closed when done and asking S3 to close
     * the connection: a SnapStart snapshot taken after init then holds no open connection and no credentials.
     */
    private String readOnce(S3Location location) {
        try (S3Client client = credentials.map(c -> S3ClientFactory.create(environment.s3Settings(), c))
                .orElseGet(() -> S3ClientFactory.create(environment.s3Settings()))) {
            return client.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key())
                    .overrideConfiguration(o -> o.putHeader("Connection", "close"))).asUtf8String();
        } catch (SdkException e) {
            // Start-up cannot go on without the sources; the message names the variable so the fix is obvious.
            throw MinervaException.userInput("Cannot read the sources configuration " + location + " named by "
                    + LambdaEnvironment.CONFIG + ": " + e.getMessage());
        }
    }
}
