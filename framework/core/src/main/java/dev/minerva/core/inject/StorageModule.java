package dev.minerva.core.inject;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.core.index.LogObjectReader;
import dev.minerva.core.storage.FileStorageProvider;
import dev.minerva.core.storage.StorageProvider;
import dev.minerva.core.storage.Storages;
import dev.minerva.core.warehouse.WarehouseStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the storage providers of the process (local files always; others, such as S3, as given), the
 * {@link WarehouseStorage} of one warehouse location picked by its scheme, and a {@link LogObjectReader} for every
 * scheme. The location is checked here, so a bad one fails before anything is built. Each provider is also bound
 * under its own class, for code that needs its backend's clients.
 */
public final class StorageModule extends AbstractModule {
    private final String location;
    private final Storages storages;
    private final List<StorageProvider> providers;

    private StorageModule(String location, List<StorageProvider> providers) {
        this.location = location;
        this.providers = providers;
        this.storages = new Storages(providers);
        storages.validated(location);
    }

    /** A warehouse in a local folder. */
    public static StorageModule local(Path root) {
        return of(requireNonNull(root, "root is null").toString());
    }

    /** A warehouse at {@code location}, served by local files or one of {@code providers}. */
    public static StorageModule of(String location, StorageProvider... providers) {
        requireNonNull(location, "location is null");
        List<StorageProvider> all = new ArrayList<>();
        all.add(new FileStorageProvider());
        all.addAll(List.of(providers));
        return new StorageModule(location, List.copyOf(all));
    }

    /** The warehouse location as given. */
    public String location() {
        return location;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected void configure() {
        for (StorageProvider provider : providers) {
            bind((Class) provider.getClass()).toInstance(provider);
        }
        bind(Storages.class).toInstance(storages);
        bind(LogObjectReader.class).toInstance(storages);
    }

    @Provides
    @Singleton
    WarehouseStorage storage() {
        return storages.forLocation(location).warehouse(location);
    }
}
