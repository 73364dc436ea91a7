package dev.minerva.core.inject;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.core.config.SourceConfigLoader;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.format.FormatRegistry;
import java.nio.file.Path;

/** Binds the {@link SourceRoutes} read from a YAML file, checked against the registry at start-up. */
public final class SourcesModule extends AbstractModule {
    private final Path configFile;

    public SourcesModule(Path configFile) {
        this.configFile = requireNonNull(configFile, "configFile is null");
    }

    @Provides
    @Singleton
    SourceRoutes routes(FormatRegistry registry) {
        return new SourceConfigLoader(registry).load(configFile);
    }
}
