package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes the rejected entries of one object: where each sits, why it was refused, and a bounded excerpt. */
public final class ParquetRejectWriter implements RowWriteSupport.Row, AutoCloseable {
    private final StagedParquetFile file;
    private final int excerptChars;
    private Binary objectId;
    private Binary source;
    private long line;
    private long record;
    private Binary reason;
    private Binary excerpt;
    private long indexedAt;

    public ParquetRejectWriter(StagedFile staged, WarehouseOptions options) throws IOException {
        requireNonNull(staged, "staged is null");
        this.excerptChars = options.rejectExcerptChars();
        this.file = new StagedParquetFile(WarehouseLayout.REJECTS, staged, new RowWriteSupport.Builder(ParquetFiles.output(staged),
                        new RowWriteSupport(ParquetSchemas.REJECT_SCHEMA, java.util.Map.of()))
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withDictionaryEncoding(true)
                .build());
    }

    /** Appends a reject; the excerpt is cut to the configured bound without splitting a surrogate pair. */
    public void write(String objectId, String source, long line, long record, String reason, String excerpt,
            long indexedAtMillis) throws IOException {
        this.objectId = Binary.fromString(objectId);
        this.source = Binary.fromString(source);
        this.line = line;
        this.record = record;
        this.reason = Binary.fromString(reason);
        this.excerpt = Binary.fromString(cut(excerpt, excerptChars));
        this.indexedAt = indexedAtMillis;
        file.write(this);
    }

    static String cut(String text, int bound) {
        if (text.length() <= bound) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(bound - 1)) ? bound - 1 : bound;
        return text.substring(0, end);
    }

    /** Finishes and publishes the file. */
    public WrittenFile finish() throws IOException {
        return file.finish();
    }

    @Override
    public void writeTo(RecordConsumer consumer) {
        Fields.binary(consumer, "object_id", 0, objectId);
        Fields.binary(consumer, "source", 1, source);
        Fields.int64(consumer, "line", 2, line);
        Fields.int64(consumer, "record", 3, record);
        Fields.binary(consumer, "reason", 4, reason);
        Fields.binary(consumer, "excerpt", 5, excerpt);
        Fields.int64(consumer, "indexed_at", 6, indexedAt);
    }

    /** Discards the file unless it was finished. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
