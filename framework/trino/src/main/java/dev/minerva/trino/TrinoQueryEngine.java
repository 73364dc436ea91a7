package dev.minerva.trino;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.engine.ResultRow;
import dev.minerva.core.engine.RowSink;
import dev.minerva.core.query.BoundQuery;
import dev.minerva.spi.MinervaException;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.StageStats;
import io.trino.jdbc.TrinoStatement;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A Trino cluster reached over JDBC (trino-jdbc), reading the warehouse through the tables the dialect names
 * (normally a Hive catalog on the Glue tables Athena reads).
 *
 * <p>Tables made by {@link #createTable} go to {@code tableCatalog.tableSchema}, which is also the session's catalog
 * and schema, so later statements name them unqualified, as the search service does. A memory catalog suits them:
 * they hold only the keys of a search's hits, and creating a table in a Hive catalog writes to the metastore.
 *
 * <p>Each execution opens its own connection: a Trino JDBC connection is only a session description over HTTP, and
 * one statement per connection lets executions run in parallel and be cancelled one at a time.
 */
public final class TrinoQueryEngine implements QueryEngine {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String url;
    private final String user;
    private final String tableCatalog;
    private final String tableSchema;

    /**
     * @param url a Trino JDBC URL such as {@code jdbc:trino://127.0.0.1:8080}
     * @param user the user the statements run as
     * @param tableCatalog catalog of the tables {@link #createTable} makes (and of the session)
     * @param tableSchema schema of those tables (and of the session)
     */
    public TrinoQueryEngine(String url, String user, String tableCatalog, String tableSchema) {
        this.url = requireNonNull(url, "url is null");
        if (!url.startsWith("jdbc:trino:")) {
            throw MinervaException.userInput("Not a Trino JDBC URL: '" + url
                    + "'. Expected jdbc:trino://host:port, for example jdbc:trino://127.0.0.1:8080");
        }
        this.user = requireNonNull(user, "user is null");
        this.tableCatalog = checkIdentifier(requireNonNull(tableCatalog, "tableCatalog is null"));
        this.tableSchema = checkIdentifier(requireNonNull(tableSchema, "tableSchema is null"));
    }

    @Override
    public EngineStats execute(BoundQuery query, RowSink sink, QueryCancellation cancellation) {
        requireNonNull(query, "query is null");
        requireNonNull(sink, "sink is null");
        return run(query.sql(), query, sink, cancellation);
    }

    @Override
    public EngineStats createTable(String name, BoundQuery query, QueryCancellation cancellation) {
        requireNonNull(query, "query is null");
        String table = qualified(name);
        // Not CREATE OR REPLACE: the memory and Hive connectors do not support it.
        dropTable(name);
        return run("CREATE TABLE " + table + " AS " + query.sql(), query, row -> { }, cancellation);
    }

    @Override
    public void dropTable(String name) {
        String table = qualified(name);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException e) {
            throw new MinervaException(CoreErrorCode.QUERY_ENGINE_FAILED, "Cannot drop Trino table " + table + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        // Nothing held between executions: each opened and closed its own connection.
    }

    private EngineStats run(String sql, BoundQuery query, RowSink sink, QueryCancellation cancellation) {
        requireNonNull(cancellation, "cancellation is null");
        long start = System.nanoTime();
        AtomicReference<QueryStats> latest = new AtomicReference<>();
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, query.parameters());
            // Every status response of the query reports its stats; the last one is the finished query's.
            statement.unwrap(TrinoStatement.class).setProgressMonitor(latest::set);
            cancellation.onCancel(() -> cancelQuietly(statement));
            try {
                if (statement.execute()) {
                    try (ResultSet rows = statement.getResultSet()) {
                        ResultSetMetaData metadata = rows.getMetaData();
                        int columns = metadata.getColumnCount();
                        while (rows.next()) {
                            List<Object> values = new ArrayList<>(columns);
                            for (int c = 1; c <= columns; c++) {
                                values.add(value(rows, c, metadata.getColumnType(c)));
                            }
                            sink.accept(new ResultRow(values));
                        }
                    }
                }
            } finally {
                cancellation.clear();
            }
        } catch (SQLException e) {
            if (cancellation.isCancelled()) {
                throw new CancellationException("Query cancelled");
            }
            throw new MinervaException(CoreErrorCode.QUERY_ENGINE_FAILED, "Trino query at " + url + " failed: " + e.getMessage(), e);
        }
        return stats(latest.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setCatalog(tableCatalog);
        connection.setSchema(tableSchema);
        return connection;
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
    }

    private static Object value(ResultSet rows, int column, int type) throws SQLException {
        if (type == Types.TIMESTAMP) {
            // timestamp(3) holds UTC wall-clock time; getTimestamp would read it in the JVM's zone.
            LocalDateTime time = rows.getObject(column, LocalDateTime.class);
            return time == null ? null : time.toInstant(ZoneOffset.UTC);
        }
        Object value = rows.getObject(column);
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger number) {
            return number.longValueExact();
        }
        return value;
    }

    private static void cancelQuietly(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException e) {
            // The statement finished or closed in the meantime: nothing left to interrupt.
        }
    }

    /**
     * Trino's query stats: physical input bytes are what its connectors read from storage (footers included).
     * Trino reports splits, not files: {@code filesRead} counts the splits of the source stages, one per Parquet file
     * below Trino's split size (every warehouse file is), plus those of any kept-table scan. Row groups are not
     * reported, so they are zero.
     */
    static EngineStats stats(QueryStats stats, Duration elapsed) {
        if (stats == null) {
            return new EngineStats(elapsed, 0, 0, 0, 0);
        }
        long splits = stats.getRootStage().map(TrinoQueryEngine::sourceSplits).orElse(0L);
        return new EngineStats(elapsed, splits, stats.getPhysicalInputBytes(), 0, 0);
    }

    private static long sourceSplits(StageStats stage) {
        if (stage.getSubStages().isEmpty()) {
            return stage.getTotalSplits();
        }
        return stage.getSubStages().stream().mapToLong(TrinoQueryEngine::sourceSplits).sum();
    }

    /** Catalog and schema are configuration, not query text, but are SQL text all the same: plain names only. */
    private static String checkIdentifier(String name) {
        if (!TABLE_NAME.matcher(name).matches()) {
            throw MinervaException.userInput("Invalid Trino catalog or schema name '" + name
                    + "': use letters, digits and '_', starting with a letter or '_'");
        }
        return name;
    }

    private String qualified(String name) {
        requireNonNull(name, "name is null");
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain table name: " + name);
        }
        return tableCatalog + "." + tableSchema + "." + name;
    }
}
