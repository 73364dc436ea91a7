package dev.minerva.core.inject;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.core.format.FormatRegistry;
import java.nio.file.Path;
import java.util.List;

/** Binds the {@link FormatRegistry}: the class path's formats plus those in the plugin directories. */
public final class FormatsModule extends AbstractModule {
    private final List<Path> pluginDirectories;

    public FormatsModule(List<Path> pluginDirectories) {
        this.pluginDirectories = List.copyOf(requireNonNull(pluginDirectories, "pluginDirectories is null"));
    }

    @Provides
    @Singleton
    FormatRegistry registry() {
        return FormatRegistry.discover(FormatsModule.class.getClassLoader(), pluginDirectories);
    }
}
