package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.aws.athena.AthenaSearches;
import dev.minerva.aws.athena.AthenaSettings;
import dev.minerva.aws.s3.S3Location;
import dev.minerva.core.query.SearchSql;
import dev.minerva.core.warehouse.ParquetSchemas;
import dev.minerva.core.warehouse.WarehouseLayout;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;

/** The Glue tables Athena reads are exactly what the Parquet writer produces, partitioned as the writer lays files out. */
class GlueTablesMatchTheWarehouseTest {
    private final Map<String, Object> template = Templates.load(Templates.MAIN);

    @Test
    void termTableColumnsEqualTheWriterSchema() {
        assertThat(glueColumns("TermsTable")).containsExactlyElementsOf(hiveColumns(ParquetSchemas.TERM_SCHEMA));
    }

    @Test
    void messageTableColumnsEqualTheWriterSchema() {
        assertThat(glueColumns("MessagesTable")).containsExactlyElementsOf(hiveColumns(ParquetSchemas.MESSAGE_SCHEMA));
    }

    @Test
    void searchKeysTableIsTheOneTheAthenaSearchesRead() {
        String ddl = AthenaSearches.keysTableDdl(AthenaSettings.of("wg", S3Location.parse("s3://data/minerva/"), "db"));
        assertThat(ddl).contains("(" + String.join(", ", glueColumns("SearchKeysTable")) + ")")
                .contains("PARTITIONED BY (search_id string)")
                .contains("'storage.location.template' = 's3://data/minerva/searches/${search_id}/keys/'");
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = (Map<String, Object>) tableInput("SearchKeysTable").get("Parameters");
        assertThat(parameters).containsEntry("projection.search_id.type", "injected");
        @SuppressWarnings("unchecked")
        String template = (String) ((Map<String, Object>) parameters.get("storage.location.template")).get("Fn::Sub");
        assertThat(template).isEqualTo("s3://${DataBucketName}/${DataPrefix}searches/${!search_id}/keys/");
    }

    @Test
    void partitionProjectionMatchesTheDtLayout() {
        for (String table : List.of("TermsTable", "MessagesTable")) {
            Map<String, Object> input = tableInput(table);
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = (Map<String, Object>) input.get("Parameters");
            assertThat(parameters).containsEntry("projection.enabled", "true").containsEntry("projection.dt.type", "date")
                    .containsEntry("projection.dt.interval", "1").containsEntry("projection.dt.interval.unit", "HOURS");
            String format = (String) parameters.get("projection.dt.format");
            Instant hour = Instant.parse("2020-10-01T05:00:00Z");
            // The projected value for an hour is the partition name the writer and the SQL use for it.
            String projected = DateTimeFormatter.ofPattern(format).withZone(ZoneOffset.UTC).format(hour);
            assertThat(projected).isEqualTo(SearchSql.hourPartition(hour)).isEqualTo("2020-10-01-05");
            String first = ((String) parameters.get("projection.dt.range")).split(",")[0];
            assertThat(LocalDateTime.parse(first, DateTimeFormatter.ofPattern(format))).isBefore(LocalDateTime.parse("2005-01-01T00:00"));
            String directory = table.equals("TermsTable") ? WarehouseLayout.TERMS : WarehouseLayout.MESSAGES;
            @SuppressWarnings("unchecked")
            String template = (String) ((Map<String, Object>) parameters.get("storage.location.template")).get("Fn::Sub");
            assertThat(template).isEqualTo("s3://${DataBucketName}/${DataPrefix}" + directory + "/dt=${!dt}/");
            assertThat(WarehouseLayout.hourPrefix(directory, WarehouseLayout.epochHour(hour.toEpochMilli())))
                    .isEqualTo(directory + "/dt=" + projected + "/");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> keys = (List<Map<String, Object>>) input.get("PartitionKeys");
            assertThat(keys).containsExactly(Map.of("Name", "dt", "Type", "string"));
        }
    }

    private List<String> glueColumns(String table) {
        @SuppressWarnings("unchecked")
        Map<String, Object> storage = (Map<String, Object>) tableInput(table).get("StorageDescriptor");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> columns = (List<Map<String, Object>>) storage.get("Columns");
        return columns.stream().map(c -> c.get("Name") + " " + c.get("Type")).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tableInput(String table) {
        return (Map<String, Object>) Templates.properties(template, table).get("TableInput");
    }

    /** The Hive type Athena needs for each Parquet column the writer declares. */
    private static List<String> hiveColumns(MessageType schema) {
        List<String> columns = new ArrayList<>();
        for (Type field : schema.getFields()) {
            PrimitiveType primitive = field.asPrimitiveType();
            LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
            String type = switch (primitive.getPrimitiveTypeName()) {
                case BINARY -> logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation ? "string" : "binary";
                case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ? "timestamp" : "bigint";
                case INT32 -> "int";
                case BOOLEAN -> "boolean";
                case DOUBLE -> "double";
                default -> throw new IllegalStateException("No Hive type for " + field);
            };
            columns.add(field.getName() + " " + type);
        }
        return columns;
    }
}
