package dev.minerva.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.duckdb.ProfilerPrintFormat;

/**
 * The DuckDB side of the benchmark: DuckDB's own readers turning the raw files into ZSTD Parquet (the indexing
 * peer, no term index), and the original Minerva layout (an unsorted term table joined to a message table, LIKE on
 * the message) rebuilt from the same records and searched the original way. Each measurement opens a fresh
 * in-memory database, so no cache carries over between them.
 */
public final class DuckDbBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** DuckDB's memory bound while it rebuilds the original layout. */
    private static final String REBUILD_MEMORY = "4GB";

    private final int threads;

    public DuckDbBench(int threads) {
        this.threads = threads;
    }

    /** {@code COPY (SELECT … FROM read_json/read_csv(files)) TO … (FORMAT parquet, COMPRESSION zstd)} for one kind. */
    public IndexRun copyToParquet(BenchDataSet.KindFiles files, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        Path target = outDir.resolve(files.kind().name().toLowerCase(java.util.Locale.ROOT) + ".parquet");
        Files.deleteIfExists(target);
        String list = fileList(files.files());
        String select = switch (files.kind()) {
            // The Records wrapper holds the events; unnesting two levels gives one row per event, one column per key.
            // The object-size bound is also the reader's buffer per thread: 64 MB fits any CloudTrail file, 1 GB ran out of memory.
            case CLOUDTRAIL -> "SELECT unnest(Records, max_depth := 2) FROM read_json(" + list
                    + ", format = 'auto', maximum_object_size = 67108864)";
            case VPC_FLOW_V2, VPC_FLOW_V5 -> "SELECT * FROM read_csv(" + list
                    + ", delim = ' ', header = true, nullstr = '-', auto_detect = true)";
            case SYSLOG_JSON -> "SELECT * FROM read_json(" + list + ", format = 'newline_delimited')";
        };
        String sql = "COPY (" + select + ") TO " + literal(target.toString()) + " (FORMAT parquet, COMPRESSION zstd)";
        Measured.Timed<Long> run = Measured.of(() -> {
            try (Connection connection = open(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM read_parquet(" + literal(target.toString()) + ")")) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
        return new IndexRun("duckdb", files.kind().name(), files.rawBytes(), run.value(), Files.size(target), run.cost());
    }

    /**
     * Rebuilds the original layout from Minerva's warehouse: the term rows in record order (so by term they are
     * unsorted, as the original indexer wrote them) and the messages, each one Parquet file written by DuckDB.
     */
    public void buildOriginalLayout(Path warehouse, Path outDir) throws SQLException, java.io.IOException {
        Files.createDirectories(outDir);
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            // Sorting the whole term table took about 16 GB at 1 GB of logs with DuckDB's default limit (80% of the
            // machine's memory), enough to starve whatever shares the machine; bounded, the sort spills to disk.
            statement.execute("SET memory_limit = '" + REBUILD_MEMORY + "'");
            statement.execute("SET temp_directory = " + literal(outDir.resolve("spill").toString()));
            statement.execute("COPY (SELECT term, object_id || '/' || seq AS message_id FROM read_parquet("
                    + literal(warehouse.resolve("terms") + "/*/*.parquet") + ") ORDER BY object_id, seq) TO "
                    + literal(outDir.resolve("terms.parquet").toString()) + " (FORMAT parquet, COMPRESSION zstd)");
            statement.execute("COPY (SELECT object_id || '/' || seq AS message_id, ts, tag, message FROM read_parquet("
                    + literal(warehouse.resolve("messages") + "/*/*.parquet") + ") ORDER BY object_id, seq) TO "
                    + literal(outDir.resolve("messages.parquet").toString()) + " (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    /** The original search: term lookup joined to the messages, confirmed by LIKE on the message text. */
    public SearchRun searchOriginalLayout(Path outDir, Needle needle, Instant from, Instant to, int warmRuns)
            throws SQLException, java.io.IOException {
        String sql = "SELECT count(DISTINCT m.message_id) FROM read_parquet(" + literal(outDir.resolve("terms.parquet").toString())
                + ") t JOIN read_parquet(" + literal(outDir.resolve("messages.parquet").toString()) + ") m"
                + " ON t.message_id = m.message_id WHERE t.term = ? AND m.message LIKE ? AND m.ts >= ? AND m.ts < ?";
        long hits = -1;
        long bytes = 0;
        long rowGroups = 0;
        long best = Long.MAX_VALUE;
        for (int i = 0; i <= warmRuns; i++) {
            try (Connection connection = open()) {
                try (Statement setup = connection.createStatement()) {
                    setup.execute("PRAGMA enable_profiling = 'no_output'");
                }
                long start = System.nanoTime();
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, needle.term());
                    // The original escaped nothing; the needles hold no LIKE wildcards.
                    statement.setString(2, "%" + needle.rawText() + "%");
                    statement.setObject(3, java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
                    statement.setObject(4, java.time.OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        hits = rows.getLong(1);
                    }
                }
                long nanos = System.nanoTime() - start;
                if (i == 0) {
                    JsonNode profile = JSON.readTree(((DuckDBConnection) connection).getProfilingInformation(ProfilerPrintFormat.JSON));
                    bytes = profile.path("io").path("total_bytes_read").asLong(0);
                    rowGroups = rowGroupsScanned(profile);
                }
                if (i > 0 || warmRuns == 0) {
                    best = Math.min(best, nanos);
                }
            }
        }
        return new SearchRun("original layout", hits, bytes, rowGroups, best);
    }

    private static long rowGroupsScanned(JsonNode node) {
        long total = node.path("row_groups_scanned").asLong(0);
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                total += rowGroupsScanned(child);
            }
        }
        return total;
    }

    /** Bytes of every Parquet file under {@code dir}. */
    public static long parquetBytes(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + threads);
            statement.execute("SET TimeZone = 'UTC'");
        }
        return connection;
    }

    private static String fileList(List<Path> files) {
        StringBuilder list = new StringBuilder("[");
        for (Path file : files) {
            if (list.length() > 1) {
                list.append(", ");
            }
            list.append(literal(file.toString()));
        }
        return list.append(']').toString();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
