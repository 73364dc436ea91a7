package dev.minerva.core.warehouse;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/** The fixed warehouse contract: table prefixes, partition keys, file names and Parquet schemas. */
public final class WarehouseLayout {
    public static final String TERMS = "terms";
    public static final String MESSAGES = "messages";
    public static final String REJECTS = "rejects";
    public static final String OBJECTS = "objects";
    public static final String COMPACTION = "compaction";
    public static final String PURGES = "purges";

    /** Footer key listing the object ids whose rows a data file holds, so a changed object can be purged. */
    public static final String OBJECT_IDS_KEY = "minerva.object-ids";

    public static final MessageType TERM_SCHEMA = Types.buildMessage()
            .required(BINARY).as(stringType()).named("tag")
            .required(BINARY).as(stringType()).named("field")
            .required(BINARY).as(stringType()).named("term")
            .required(INT64).as(timestampType(true, TimeUnit.MILLIS)).named("ts")
            .required(BINARY).as(stringType()).named("object_id")
            .required(INT64).named("seq")
            .named("term_row");

    public static final MessageType MESSAGE_SCHEMA = Types.buildMessage()
            .required(BINARY).as(stringType()).named("tag")
            .required(INT64).as(timestampType(true, TimeUnit.MILLIS)).named("ts")
            .required(BINARY).as(stringType()).named("object_id")
            .required(INT64).named("seq")
            .required(BINARY).as(stringType()).named("source")
            .required(BINARY).as(stringType()).named("message")
            .named("message_row");

    public static final MessageType REJECT_SCHEMA = Types.buildMessage()
            .required(BINARY).as(stringType()).named("object_id")
            .required(BINARY).as(stringType()).named("source")
            .required(INT64).named("line")
            .required(INT64).named("record")
            .required(BINARY).as(stringType()).named("reason")
            .required(BINARY).as(stringType()).named("excerpt")
            .required(INT64).as(timestampType(true, TimeUnit.MILLIS)).named("indexed_at")
            .named("reject_row");

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
