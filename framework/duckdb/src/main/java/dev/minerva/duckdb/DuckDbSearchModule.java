package dev.minerva.duckdb;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.minerva.duckdb.DuckDbQueryEngine;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.query.DuckDbDialect;
import dev.minerva.core.query.QueryParser;
import dev.minerva.core.query.SqlDialect;
import dev.minerva.core.search.SearchService;
import dev.minerva.core.search.SearchServiceOptions;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.WarehouseStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binds the search service on the embedded DuckDB engine over a local warehouse directory. Needs the
 * {@link WarehouseModule} of the same directory for storage, clock and tokenizer.
 */
public final class DuckDbSearchModule extends AbstractModule {
    private final Path root;

    public DuckDbSearchModule(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Provides
    @Singleton
    QueryEngine engine() {
        return new DuckDbQueryEngine(root);
    }

    @Provides
    @Singleton
    SqlDialect dialect() {
        return new DuckDbDialect();
    }

    @Provides
    @Singleton
    QueryParser parser(TermTokenizer tokenizer) {
        return new QueryParser(tokenizer);
    }

    @Provides
    @Singleton
    ExecutorService searchExecutor() {
        AtomicInteger count = new AtomicInteger();
        // Daemon threads: a running search never keeps the process alive after the command is done.
        return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
            Thread thread = new Thread(runnable, "minerva-search-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Provides
    @Singleton
    SearchService searchService(QueryEngine engine, SqlDialect dialect, QueryParser parser, WarehouseStorage storage,
            ExecutorService executor, Clock clock) {
        return new SearchService(engine, dialect, parser, storage, executor, clock, SearchServiceOptions.defaults());
    }
}
