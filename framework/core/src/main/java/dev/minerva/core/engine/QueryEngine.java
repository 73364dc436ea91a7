package dev.minerva.core.engine;

import dev.minerva.core.query.BoundQuery;

/**
 * Runs compiled search statements on one engine (embedded DuckDB, Trino, Athena) over the warehouse tables
 * {@code terms} and {@code messages}. Implementations are thread-safe. Errors are
 * {@link dev.minerva.spi.MinervaException}s; a cancelled execution throws
 * {@link java.util.concurrent.CancellationException}.
 */
public interface QueryEngine extends AutoCloseable {
    /** Runs {@code query}, pushes its rows to {@code sink} in result order and reports what it read. */
    EngineStats execute(BoundQuery query, RowSink sink, QueryCancellation cancellation);

    /**
     * Runs {@code query} once and keeps its rows as table {@code name} (a plain identifier) that later statements
     * may read, until {@link #dropTable(String)}; replaces an existing table of that name.
     */
    EngineStats createTable(String name, BoundQuery query, QueryCancellation cancellation);

    /** Drops a table {@link #createTable} made; no error when it does not exist. */
    void dropTable(String name);

    @Override
    void close();
}
