package dev.minerva.core.inject;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.core.index.ObjectIndexer;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.core.warehouse.WarehouseStorage;
import java.nio.file.Path;
import java.time.Clock;

/** Binds a warehouse in a local directory, the tokenizer, and the indexer that writes it. */
public final class WarehouseModule extends AbstractModule {
    private final Path root;

    public WarehouseModule(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    protected void configure() {
        bind(Clock.class).toInstance(Clock.systemUTC());
    }

    @Provides
    @Singleton
    WarehouseStorage storage() {
        return new LocalWarehouseStorage(root);
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
