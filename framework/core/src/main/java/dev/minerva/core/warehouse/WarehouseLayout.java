package dev.minerva.core.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fixed warehouse contract: table prefixes, partition keys, file names and columns. */
public final class WarehouseLayout {
    public static final String TERMS = "terms";
    public static final String MESSAGES = "messages";
    public static final String REJECTS = "rejects";
    public static final String OBJECTS = "objects";
    public static final String COMPACTION = "compaction";
    public static final String PURGES = "purges";

    /** Footer key listing the object ids whose rows a data file holds, so a changed object can be purged. */
    public static final String OBJECT_IDS_KEY = "minerva.object-ids";

    /** A column's type in every engine's terms: Parquet, DuckDB, Athena/Trino and Glue map it alike. */
    public enum ColumnType {
        /** UTF-8 text (Parquet BINARY as STRING). */
        STRING,
        /** A signed 64-bit integer. */
        BIGINT,
        /** UTC milliseconds (Parquet INT64 TIMESTAMP(MILLIS, adjusted to UTC)). */
        TIMESTAMP
    }

    /** One required column of a table. */
    public record Column(String name, ColumnType type) {
        public Column {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(type, "type is null");
        }
    }

    /** The term table's columns, in file order. */
    public static final List<Column> TERM_COLUMNS = List.of(
            new Column("tag", ColumnType.STRING),
            new Column("field", ColumnType.STRING),
            new Column("term", ColumnType.STRING),
            new Column("ts", ColumnType.TIMESTAMP),
            new Column("object_id", ColumnType.STRING),
            new Column("seq", ColumnType.BIGINT));

    /** The message table's columns, in file order. */
    public static final List<Column> MESSAGE_COLUMNS = List.of(
            new Column("tag", ColumnType.STRING),
            new Column("ts", ColumnType.TIMESTAMP),
            new Column("object_id", ColumnType.STRING),
            new Column("seq", ColumnType.BIGINT),
            new Column("source", ColumnType.STRING),
            new Column("message", ColumnType.STRING));

    /** The reject table's columns, in file order. */
    public static final List<Column> REJECT_COLUMNS = List.of(
            new Column("object_id", ColumnType.STRING),
            new Column("source", ColumnType.STRING),
            new Column("line", ColumnType.BIGINT),
            new Column("record", ColumnType.BIGINT),
            new Column("reason", ColumnType.STRING),
            new Column("excerpt", ColumnType.STRING),
            new Column("indexed_at", ColumnType.TIMESTAMP));

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH").withZone(ZoneOffset.UTC);
    private static final Pattern HOUR_PARTITION = Pattern.compile("^[a-z]+/dt=(\\d{4}-\\d{2}-\\d{2}-\\d{2})/");

    private WarehouseLayout() {}

    /** Hours since the epoch of a UTC instant: the compact form of a {@code dt} partition. */
    public static int epochHour(long epochMillis) {
        return (int) Math.floorDiv(epochMillis, 3_600_000L);
    }

    public static Instant hourStart(int epochHour) {
        return Instant.ofEpochMilli(epochHour * 3_600_000L);
    }

    /** {@code terms/dt=2020-10-01-05/} for a table and an epoch hour. */
    public static String hourPrefix(String table, int epochHour) {
        return table + "/dt=" + HOUR.format(hourStart(epochHour)) + "/";
    }

    /** Deterministic name of one part an object writes into one hour of a table. */
    public static String partKey(String table, int epochHour, String objectId, int part) {
        return hourPrefix(table, epochHour) + objectId + "-" + String.format("%05d", part) + ".parquet";
    }

    /** Rejects are partitioned by indexing day: they are read as an operations queue ("what failed today"). */
    public static String rejectKey(LocalDate indexingDay, String objectId) {
        return REJECTS + "/dt=" + indexingDay + "/" + objectId + ".parquet";
    }

    public static String manifestKey(String locationKey) {
        return OBJECTS + "/" + locationKey + ".json";
    }

    /** The epoch hour of an hour-partitioned data key, or empty for any other key. */
    public static Optional<Integer> hourOf(String key) {
        Matcher matcher = HOUR_PARTITION.matcher(key);
        if (!matcher.find()) {
            return Optional.empty();
        }
        Instant start = java.time.LocalDateTime.parse(matcher.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd-HH"))
                .toInstant(ZoneOffset.UTC);
        return Optional.of(epochHour(start.toEpochMilli()));
    }
}
