package dev.minerva.duckdb;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.core.engine.QueryEngine;
import dev.minerva.core.engine.ResultRow;
import dev.minerva.core.engine.RowSink;
import dev.minerva.core.query.BoundQuery;
import dev.minerva.core.warehouse.WarehouseLayout;
import dev.minerva.spi.ErrorCodeSupplier;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.StandardErrorCode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.duckdb.ProfilerPrintFormat;

/**
 * Embedded, in-memory DuckDB over a local warehouse folder, with views {@code terms} and {@code messages}.
 *
 * <p>Each execution runs on its own duplicate of one database connection: statements run in parallel, and the
 * profile DuckDB keeps per connection (the source of {@link EngineStats}) belongs to exactly one statement. Tables
 * made by {@link #createTable} live in the shared in-memory catalog, so every duplicate sees them. A duplicate whose
 * statement ended normally is kept, its session already set up, for the next execution.
 *
 * <p>A table with no file yet is a view over an empty typed SELECT ({@code read_parquet} fails when its glob matches
 * nothing); before each execution such a view is redefined over the files once some exist. {@code read_parquet}
 * expands its glob at every scan, so files published after the view was made are searched too.
 */
public final class DuckDbQueryEngine implements QueryEngine {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String NO_FILES = "No files found that match the pattern";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final DuckDBConnection database;
    // Tables whose view reads files; the others read an empty typed SELECT.
    private final Set<String> backedByFiles = new HashSet<>();
    // Duplicates with the session set up, not running a statement.
    private final Deque<DuckDBConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /** An engine using every available core. */
    public DuckDbQueryEngine(Path warehouseRoot) {
        this(warehouseRoot, Runtime.getRuntime().availableProcessors());
    }

    public DuckDbQueryEngine(Path warehouseRoot, int threads) {
        this.root = requireNonNull(warehouseRoot, "warehouseRoot is null").toAbsolutePath().normalize();
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        try {
            database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = database.createStatement()) {
                statement.execute("SET threads = " + threads);
                statement.execute("SET TimeZone = 'UTC'");
                // The cache keeps parsed footers between statements and searches (a 1 GB day's hour of messages has
                // a 0.8 MB footer), and re-reads a file whose modification time moved.
                statement.execute("SET parquet_metadata_cache = true");
            }
            defineViews();
        } catch (SQLException e) {
            throw new MinervaException(CoreErrorCode.QUERY_ENGINE_FAILED, "Cannot start DuckDB over " + root + ": " + e.getMessage(), e);
        }
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
        return run("CREATE OR REPLACE TABLE " + checkTableName(name) + " AS " + query.sql(), query, row -> { },
                cancellation);
    }

    @Override
    public void dropTable(String name) {
        try (Connection connection = database.duplicate(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + checkTableName(name));
        } catch (SQLException e) {
            throw new MinervaException(ErrorKind.INTERNAL, "Cannot drop DuckDB table " + name + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            for (DuckDBConnection connection = idle.poll(); connection != null; connection = idle.poll()) {
                connection.close();
            }
            database.close();
        } catch (SQLException e) {
            throw new MinervaException(ErrorKind.INTERNAL, "Cannot close DuckDB: " + e.getMessage(), e);
        }
    }

    private EngineStats run(String sql, BoundQuery query, RowSink sink, QueryCancellation cancellation) {
        requireNonNull(cancellation, "cancellation is null");
        try {
            try {
                return runOnce(sql, query, sink, cancellation);
            } catch (SQLException e) {
                if (!cancellation.isCancelled() && String.valueOf(e.getMessage()).contains(NO_FILES)) {
                    // Every file of a table vanished since its view was defined (a purge): fall back to empty.
                    synchronized (this) {
                        backedByFiles.clear();
                    }
                    return runOnce(sql, query, sink, cancellation);
                }
                throw e;
            }
        } catch (SQLException e) {
            if (cancellation.isCancelled()) {
                throw new CancellationException("Query cancelled");
            }
            String message = String.valueOf(e.getMessage());
            ErrorCodeSupplier code = message.startsWith("IO Error") ? CoreErrorCode.QUERY_ENGINE_FAILED
                    : StandardErrorCode.INTERNAL_ERROR;
            throw new MinervaException(code, "DuckDB query over " + root + " failed: " + message, e);
        }
    }

    private EngineStats runOnce(String sql, BoundQuery query, RowSink sink, QueryCancellation cancellation)
            throws SQLException {
        defineViews();
        long start = System.nanoTime();
        DuckDBConnection connection = idle.poll();
        if (connection == null) {
            connection = database.duplicate();
            try (Statement setup = connection.createStatement()) {
                setup.execute("SET TimeZone = 'UTC'");
                // 'no_output' keeps the profile in the connection for getProfilingInformation instead of printing it.
                setup.execute("PRAGMA enable_profiling = 'no_output'");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        boolean reusable = false;
        try {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, query.parameters());
                cancellation.onCancel(() -> cancelQuietly(statement));
                try {
                    if (statement.execute()) {
                        try (ResultSet rows = statement.getResultSet()) {
                            int columns = rows.getMetaData().getColumnCount();
                            while (rows.next()) {
                                List<Object> values = new ArrayList<>(columns);
                                for (int c = 1; c <= columns; c++) {
                                    values.add(normalise(rows.getObject(c)));
                                }
                                sink.accept(new ResultRow(values));
                            }
                        }
                    }
                } finally {
                    cancellation.clear();
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            EngineStats stats = profileStats(connection.getProfilingInformation(ProfilerPrintFormat.JSON), elapsed);
            reusable = !cancellation.isCancelled();
            return stats;
        } finally {
            if (reusable && !closed) {
                idle.push(connection);
                if (closed && idle.remove(connection)) {
                    connection.close();
                }
            } else {
                connection.close();
            }
        }
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

    private static void cancelQuietly(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException e) {
            // The statement finished or closed in the meantime: nothing left to interrupt.
        }
    }

    private static Object normalise(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        if (value instanceof LocalDateTime time) {
            // Naive timestamps are UTC in the warehouse (the session zone is UTC too).
            return time.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger number) {
            return number.longValueExact();
        }
        return value;
    }

    /**
     * Reads DuckDB's JSON profile: {@code io.total_bytes_read} is what the file system layer read for the query;
     * each Parquet scan reports {@code Total Files Read}, {@code row_groups_scanned} and
     * {@code total_row_groups_to_scan}. Scans of in-memory tables are not counted: they read no storage.
     */
    static EngineStats profileStats(String profileJson, Duration elapsed) {
        try {
            JsonNode profile = JSON.readTree(profileJson);
            long bytes = profile.path("io").path("total_bytes_read").asLong(0);
            long[] scans = new long[3];
            collectScans(profile, scans);
            return new EngineStats(elapsed, scans[0], bytes, scans[1], scans[2]);
        } catch (IOException e) {
            throw new MinervaException(ErrorKind.INTERNAL, "DuckDB returned an unreadable profile: " + e.getMessage(),
                    e);
        }
    }

    private static void collectScans(JsonNode node, long[] scans) {
        if (node.isObject()) {
            JsonNode info = node.path("extra_info");
            if ("TABLE_SCAN".equals(node.path("type").asText()) && "READ_PARQUET".equals(info.path("Function").asText())) {
                scans[0] += Long.parseLong(info.path("Total Files Read").asText("0"));
                scans[1] += node.path("row_groups_scanned").asLong(0);
                scans[2] += node.path("total_row_groups_to_scan").asLong(0);
            }
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectScans(child, scans));
        }
    }

    private synchronized void defineViews() throws SQLException {
        defineView(WarehouseLayout.TERMS, WarehouseLayout.TERM_COLUMNS);
        defineView(WarehouseLayout.MESSAGES, WarehouseLayout.MESSAGE_COLUMNS);
    }

    private void defineView(String table, List<WarehouseLayout.Column> schema) throws SQLException {
        if (backedByFiles.contains(table)) {
            return;
        }
        String glob = stringLiteral(root.resolve(table) + "/*/*.parquet");
        try (Statement statement = database.createStatement()) {
            boolean hasFiles;
            try (ResultSet files = statement.executeQuery("SELECT 1 FROM glob(" + glob + ") LIMIT 1")) {
                hasFiles = files.next();
            }
            if (hasFiles) {
                // No union_by_name: it opens every file of the table at bind time to merge schemas (19 MB of
                // message footers for a 1 GB day, 1.4 s) where the hour partitions would let DuckDB open only the
                // searched hours' files. Every file has the writer's one schema (WarehouseLayout).
                statement.execute("CREATE OR REPLACE VIEW " + table + " AS SELECT * FROM read_parquet(" + glob
                        + ", hive_partitioning = true, hive_types = {'dt': VARCHAR})");
                backedByFiles.add(table);
            } else {
                statement.execute("CREATE OR REPLACE VIEW " + table + " AS " + emptySelect(schema));
            }
        }
    }

    /** A SELECT of no rows with the table's columns and types, plus the {@code dt} partition column. */
    private static String emptySelect(List<WarehouseLayout.Column> columns) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (WarehouseLayout.Column column : columns) {
            String type = switch (column.type()) {
                case TIMESTAMP -> "TIMESTAMPTZ";
                case BIGINT -> "BIGINT";
                case STRING -> "VARCHAR";
            };
            sql.append("CAST(NULL AS ").append(type).append(") AS ").append(column.name()).append(", ");
        }
        return sql.append("CAST(NULL AS VARCHAR) AS dt WHERE false").toString();
    }

    /** A SQL string literal; the path is configuration, never query text, but may hold any character. */
    static String stringLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String checkTableName(String name) {
        requireNonNull(name, "name is null");
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain table name: " + name);
        }
        return name;
    }
}
