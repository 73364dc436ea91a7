package dev.minerva.core.warehouse;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import dev.minerva.core.warehouse.WarehouseLayout.Column;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/** The Parquet schemas of the warehouse tables, built from {@link WarehouseLayout}'s columns so the two cannot drift. */
public final class ParquetSchemas {
    public static final MessageType TERM_SCHEMA = schema("term_row", WarehouseLayout.TERM_COLUMNS);
    public static final MessageType MESSAGE_SCHEMA = schema("message_row", WarehouseLayout.MESSAGE_COLUMNS);
    public static final MessageType REJECT_SCHEMA = schema("reject_row", WarehouseLayout.REJECT_COLUMNS);

    private ParquetSchemas() {}

    private static MessageType schema(String name, List<Column> columns) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (Column column : columns) {
            switch (column.type()) {
                case STRING -> builder.required(BINARY).as(stringType()).named(column.name());
                case BIGINT -> builder.required(INT64).named(column.name());
                case TIMESTAMP -> builder.required(INT64).as(timestampType(true, TimeUnit.MILLIS)).named(column.name());
                default -> throw new IllegalStateException("No Parquet type for " + column);
            }
        }
        return builder.named(name);
    }
}
