package dev.minerva.core.engine;

/** Receives the rows of a query as the engine produces them, so results need not be collected first. */
@FunctionalInterface
public interface RowSink {
    void accept(ResultRow row);
}
