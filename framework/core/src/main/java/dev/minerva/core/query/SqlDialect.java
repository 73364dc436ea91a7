package dev.minerva.core.query;

import java.time.Instant;

/** What differs between the engines the search SQL runs on: table names, timestamp parameters, epoch arithmetic. */
public interface SqlDialect {
    /** The terms relation (tag, field, term, ts, object_id, seq, dt), as SQL text. */
    String termsTable();

    /** The messages relation (tag, ts, object_id, seq, source, message, dt), as SQL text. */
    String messagesTable();

    /** SQL for one timestamp parameter, e.g. {@code CAST(? AS TIMESTAMP)}; must contain exactly one {@code ?}. */
    String timestampParameter();

    /** The value bound to {@link #timestampParameter()} for {@code instant}. */
    Object timestampValue(Instant instant);

    /** SQL giving the milliseconds since the epoch of a {@code ts} column expression, as BIGINT. */
    String epochMillis(String column);

    /**
     * Whether the engine skips Parquet row groups by each disjunct of an OR on its own, so that
     * {@code (object_id = a AND seq IN (…)) OR (object_id = b AND seq IN (…))} keeps only the row groups of those
     * pairs (Trino does; DuckDB evaluates such an OR row by row, slower than two IN lists).
     */
    default boolean prunesByDisjuncts() {
        return false;
    }
}
