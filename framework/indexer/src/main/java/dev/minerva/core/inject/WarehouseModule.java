package dev.minerva.core.inject;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.core.index.ObjectIndexer;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.core.warehouse.WarehouseStorage;
import java.nio.file.Path;
import java.time.Clock;

/** Binds a warehouse on the storage of a {@link StorageModule} (local folder or S3), the tokenizer, and the indexer. */
public final class WarehouseModule extends AbstractModule {
    private final StorageModule storage;

    /** A warehouse in a local folder. */
    public WarehouseModule(Path root) {
        this(StorageModule.local(root));
    }

    /** A warehouse wherever {@code storage} puts it. */
    public WarehouseModule(StorageModule storage) {
        this.storage = requireNonNull(storage, "storage is null");
    }

    @Override
    protected void configure() {
        install(storage);
        bind(Clock.class).toInstance(Clock.systemUTC());
    }

    @Provides
    @Singleton
    Warehouse warehouse(WarehouseStorage storage, Clock clock) {
        return new Warehouse(storage, WarehouseOptions.defaults(), clock);
    }

    @Provides
    @Singleton
    TermTokenizer tokenizer() {
        return new TermTokenizer();
    }

    @Provides
    @Singleton
    ObjectIndexer indexer(Warehouse warehouse, TermTokenizer tokenizer) {
        return new ObjectIndexer(warehouse, tokenizer);
    }
}
