package dev.minerva.local.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the warehouse stores per kind of log, against the gzip'd source objects a user keeps anyway: each kind is
 * indexed into a warehouse of its own and compacted as the hourly compactor does, then its bytes are counted by
 * table (terms, messages, manifests and whatever else a search needs) and, from the Parquet footers, by column.
 * Before-compaction totals show whether compaction grows the data.
 */
final class StorageBench {
    /** The tables a search reads; anything else the warehouse holds (journals, rejects) is counted as "other". */
    static final List<String> TABLES = List.of("terms", "messages", "objects");

    private StorageBench() {}

    /** One kind's warehouse before and after compaction. */
    record KindStorage(Skew skew, LogKind kind, long rawBytes, long gzipBytes, Map<String, Long> before,
            Map<String, Long> after, List<ColumnBytes> columns, long duckDbCopyBytes, Measured indexing,
            Measured compaction) {
        KindStorage {
            requireNonNull(skew, "skew is null");
            requireNonNull(kind, "kind is null");
            before = Map.copyOf(before);
            after = Map.copyOf(after);
            columns = List.copyOf(columns);
        }

        long total(Map<String, Long> tables) {
            return tables.values().stream().mapToLong(Long::longValue).sum();
        }

        double afterPerGzipByte() {
            return (double) total(after) / gzipBytes;
        }
    }

    /** Compressed bytes of one column over a table's files; {@code footer} rows hold the rest of the files. */
    record ColumnBytes(String table, String column, long bytes) {}

    static KindStorage measure(Skew skew, BenchDataSet data, LogKind kind, Path folder, DuckDbBench duckdb)
            throws Exception {
        Path warehouse = folder.resolve("warehouse");
        LogGenerator.deleteTree(warehouse);
        BenchDataSet.KindFiles files = data.kinds().get(kind);
        MinervaBench minerva = new MinervaBench(warehouse);
        IndexRun indexed = minerva.index(kind.name(), data, files.files(), files.rawBytes());
        Map<String, Long> before = tableBytes(warehouse);
        Measured.Timed<Integer> compacted = minerva.compact();
        Map<String, Long> after = tableBytes(warehouse);
        List<ColumnBytes> columns = new ArrayList<>();
        for (String table : List.of("terms", "messages")) {
            columns.addAll(columnBytes(warehouse, table, after.getOrDefault(table, 0L)));
        }
        IndexRun copy = duckdb.copyToParquet(files, folder.resolve("duckdb-copy"));
        return new KindStorage(skew, kind, files.rawBytes(), files.gzipBytes(), before, after, columns,
                copy.parquetBytes(), indexed.cost(), compacted.cost());
    }

    /** Bytes per top-level folder of the warehouse: the tables, and "other" for the rest. */
    static Map<String, Long> tableBytes(Path warehouse) throws IOException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        TABLES.forEach(table -> bytes.put(table, 0L));
        bytes.put("other", 0L);
        try (Stream<Path> paths = Files.walk(warehouse)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                String top = warehouse.relativize(file).getName(0).toString();
                bytes.merge(TABLES.contains(top) ? top : "other", Files.size(file), Long::sum);
            }
        }
        return bytes;
    }

    /** Compressed column chunk bytes per column from DuckDB's {@code parquet_metadata}; the rest is footers. */
    static List<ColumnBytes> columnBytes(Path warehouse, String table, long tableBytes) throws SQLException {
        List<ColumnBytes> columns = new ArrayList<>();
        Path dir = warehouse.resolve(table);
        if (!Files.isDirectory(dir)) {
            return columns;
        }
        long sum = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT path_in_schema, sum(total_compressed_size)"
                        + " FROM parquet_metadata('" + dir.toString().replace("'", "''") + "/*/*.parquet')"
                        + " GROUP BY 1 ORDER BY 2 DESC")) {
            while (rows.next()) {
                columns.add(new ColumnBytes(table, rows.getString(1), rows.getLong(2)));
                sum += rows.getLong(2);
            }
        }
        // Footers (row group and page metadata), column and offset indexes, bloom filters.
        columns.add(new ColumnBytes(table, "(footers, indexes, bloom filters)", tableBytes - sum));
        return columns;
    }

    /** The storage tables of one run: per kind and day, then per column. */
    static String render(List<KindStorage> kinds) {
        StringBuilder t = new StringBuilder();
        t.append("\n| day | kind | gzip MB | terms MB | messages MB | manifests MB | other MB | total MB | **per gzip byte** "
                + "| per raw byte | before compaction MB | compaction grew | DuckDB copy per gzip byte |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (KindStorage k : kinds) {
            long total = k.total(k.after());
            long before = k.total(k.before());
            t.append(String.format(Locale.ROOT,
                    "| %s | %s | %.2f | %.2f | %.2f | %.3f | %.3f | %.2f | **%.2f×** | %.3f | %.2f | %s | %.2f× |%n",
                    k.skew().label(), k.kind(), k.gzipBytes() / 1e6, mb(k.after(), "terms"), mb(k.after(), "messages"),
                    mb(k.after(), "objects"), mb(k.after(), "other"), total / 1e6, k.afterPerGzipByte(),
                    (double) total / k.rawBytes(), before / 1e6,
                    total > before ? String.format(Locale.ROOT, "**yes, %+.1f%%**", 100.0 * (total - before) / before)
                            : String.format(Locale.ROOT, "no (%+.1f%%)", 100.0 * (total - before) / before),
                    (double) k.duckDbCopyBytes() / k.gzipBytes()));
        }
        t.append("\n| day | kind | table | column | MB | per gzip byte |\n|---|---|---|---|---:|---:|\n");
        for (KindStorage k : kinds) {
            for (ColumnBytes c : k.columns()) {
                t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.3f |%n", k.skew().label(), k.kind(),
                        c.table(), c.column(), c.bytes() / 1e6, (double) c.bytes() / k.gzipBytes()));
            }
        }
        t.append("\nStorage: each kind indexed into a warehouse of its own and compacted (every hour merged, replaced"
                + " files deleted); \"per gzip byte\" counts everything a search needs (terms, messages, manifests) plus"
                + " \"other\" (compaction journals, rejects) against the gzip'd source objects; \"before compaction\""
                + " is the same warehouse as indexed. Indexing and compaction CPU per raw byte:");
        for (KindStorage k : kinds) {
            t.append(String.format(Locale.ROOT, " %s %s %.1f + %.1f ns;", k.skew().label(), k.kind(),
                    k.indexing().cpuNanos() / (double) k.rawBytes(), k.compaction().cpuNanos() / (double) k.rawBytes()));
        }
        t.setLength(t.length() - 1);
        t.append(".\n");
        return t.toString();
    }

    private static double mb(Map<String, Long> tables, String table) {
        return tables.getOrDefault(table, 0L) / 1e6;
    }
}
