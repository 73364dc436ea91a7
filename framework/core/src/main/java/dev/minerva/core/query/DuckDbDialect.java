package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Embedded DuckDB over the local warehouse; the engine creates the two views, e.g.
 * {@code CREATE VIEW terms AS SELECT * FROM read_parquet('<wh>/terms/*}{@code /*.parquet', hive_partitioning = true,
 * hive_types = {'dt': VARCHAR})} (declare {@code dt} VARCHAR so DuckDB does not guess a type for {@code 2020-10-01-00}).
 *
 * <p>Timestamps are bound as ISO strings with an explicit {@code +00:00} and cast to TIMESTAMPTZ: Parquet timestamps
 * written as UTC-adjusted (what parquet-hadoop writes) read as TIMESTAMPTZ, so the comparison is between instants and
 * does not depend on the session time zone. If a warehouse holds naive TIMESTAMP columns, DuckDB converts them with
 * the session's {@code TimeZone}: the engine should {@code SET TimeZone = 'UTC'} on every connection to be safe.
 */
public final class DuckDbDialect implements SqlDialect {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private final String termsTable;
    private final String messagesTable;

    /** Uses the views {@code terms} and {@code messages}. */
    public DuckDbDialect() {
        this("terms", "messages");
    }

    public DuckDbDialect(String termsTable, String messagesTable) {
        this.termsTable = SqlIdentifiers.checkQualifiedName(requireNonNull(termsTable, "termsTable is null"));
        this.messagesTable = SqlIdentifiers.checkQualifiedName(requireNonNull(messagesTable, "messagesTable is null"));
    }

    @Override
    public String termsTable() {
        return termsTable;
    }

    @Override
    public String messagesTable() {
        return messagesTable;
    }

    @Override
    public String timestampParameter() {
        return "CAST(? AS TIMESTAMPTZ)";
    }

    @Override
    public Object timestampValue(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    @Override
    public String epochMillis(String column) {
        return "epoch_ms(" + column + ")";
    }
}
