package dev.minerva.aws.athena;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.aws.athena.AthenaQueryEngine;
import dev.minerva.aws.athena.AthenaSettings;
import dev.minerva.core.query.QueryParser;
import dev.minerva.aws.athena.AthenaSearches;
import dev.minerva.core.search.Searches;
import dev.minerva.aws.s3.S3ClientFactory;
import dev.minerva.aws.s3.S3Settings;
import dev.minerva.core.terms.TermTokenizer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import dev.minerva.aws.s3.S3Location;
import dev.minerva.aws.s3.S3WarehouseStorage;
import dev.minerva.core.warehouse.WarehouseLayoutVersion;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Binds {@link Searches} to stateless searches on Athena (the search Lambda), configured from environment variables:
 * {@link AthenaSettings}'s for Athena, {@link S3Settings}'s for S3.
 */
public final class AthenaSearchModule extends AbstractModule {
    /** The warehouse, {@code s3://bucket/prefix/}: optional; when set, every search checks its layout record. */
    public static final String WAREHOUSE_VARIABLE = "MINERVA_WAREHOUSE";

    private final Map<String, String> environment;

    public AthenaSearchModule(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    @Override
    protected void configure() {
        bind(Searches.class).to(AthenaSearches.class);
    }

    @Provides
    @Singleton
    AthenaSettings settings() {
        return AthenaSettings.fromEnvironment(environment);
    }

    @Provides
    @Singleton
    AthenaQueryEngine engine(AthenaSettings settings) {
        return new AthenaQueryEngine(AthenaQueryEngine.client(settings), settings);
    }

    @Provides
    @Singleton
    S3Client s3() {
        return S3ClientFactory.create(S3Settings.fromEnvironment(environment));
    }

    @Provides
    @Singleton
    TermTokenizer tokenizer() {
        return new TermTokenizer();
    }

    @Provides
    @Singleton
    AthenaSearches searches(AthenaQueryEngine engine, S3Client s3, TermTokenizer tokenizer) {
        // The layout record sits at the warehouse's root, named by the same variable the indexer and compactor read.
        String warehouse = environment.getOrDefault(WAREHOUSE_VARIABLE, "").trim();
        Optional<WarehouseLayoutVersion> layout = warehouse.isEmpty() ? Optional.empty()
                : Optional.of(new WarehouseLayoutVersion(new S3WarehouseStorage(s3, S3Location.parse(warehouse))));
        return new AthenaSearches(engine, s3, new QueryParser(tokenizer), Clock.systemUTC(), layout);
    }
}
