package dev.minerva.templates.trino;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.engine.RowSink;
import dev.minerva.core.query.BoundQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes every statement to another engine and keeps what each one read, in order, so a search's bytes can be shown
 * statement by statement (the search service reports only their sum).
 */
final class RecordingQueryEngine implements QueryEngine {
    /** One statement the engine ran: {@code kept} names the table a {@code createTable} kept, or is empty. */
    record Statement(String kept, String sql, EngineStats stats) {
        Statement {
            requireNonNull(kept, "kept is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(stats, "stats is null");
        }

        /** The statement's first {@code length} characters on one line, for a table cell. */
        String excerpt(int length) {
            String line = (kept.isEmpty() ? "" : "CREATE TABLE " + kept + " AS ") + sql.replaceAll("\\s+", " ");
            return line.length() <= length ? line : line.substring(0, length - 1) + "…";
        }
    }

    private final QueryEngine delegate;
    private final List<Statement> statements = new ArrayList<>();

    RecordingQueryEngine(QueryEngine delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    @Override
    public EngineStats execute(BoundQuery query, RowSink sink, QueryCancellation cancellation) {
        return record("", query, delegate.execute(query, sink, cancellation));
    }

    @Override
    public EngineStats createTable(String name, BoundQuery query, QueryCancellation cancellation) {
        return record(name, query, delegate.createTable(name, query, cancellation));
    }

    @Override
    public void dropTable(String name) {
        delegate.dropTable(name);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The statements run so far, in the order they finished. */
    synchronized List<Statement> statements() {
        return List.copyOf(statements);
    }

    private synchronized EngineStats record(String kept, BoundQuery query, EngineStats stats) {
        statements.add(new Statement(kept, query.sql(), stats));
        return stats;
    }
}
