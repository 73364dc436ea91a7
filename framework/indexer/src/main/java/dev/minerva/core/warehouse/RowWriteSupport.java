package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Lets a writer push its current row straight into Parquet's record consumer, with no row object per record. */
final class RowWriteSupport extends WriteSupport<RowWriteSupport.Row> {
    /** The writer's current row; it writes its fields between startMessage and endMessage. */
    interface Row {
        void writeTo(RecordConsumer consumer);
    }

    private final MessageType schema;
    private final Map<String, String> footer;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema, Map<String, String> footer) {
        this.schema = requireNonNull(schema, "schema is null");
        this.footer = Map.copyOf(footer);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, footer);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
        consumer.startMessage();
        row.writeTo(consumer);
        consumer.endMessage();
    }

    /** A writer builder over any output file, configured without a Hadoop installation. */
    static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final RowWriteSupport support;

        Builder(OutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration configuration) {
            return support;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration configuration) {
            return support;
        }
    }
}
