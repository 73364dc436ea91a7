package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Map;
import java.util.SortedSet;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes one message file from rows the caller already sorts by (object_id, seq). */
public final class ParquetMessageWriter implements RowWriteSupport.Row, AutoCloseable {
    private final StagedParquetFile file;
    private Binary tag;
    private long ts;
    private Binary objectId;
    private long seq;
    private Binary source;
    private Binary message;

    public ParquetMessageWriter(StagedFile staged, WarehouseOptions options, SortedSet<String> objectIds)
            throws IOException {
        requireNonNull(staged, "staged is null");
        requireNonNull(options, "options is null");
        this.file = new StagedParquetFile(WarehouseLayout.MESSAGES, staged, new RowWriteSupport.Builder(ParquetFiles.output(staged),
                        new RowWriteSupport(ParquetSchemas.MESSAGE_SCHEMA,
                                Map.of(WarehouseLayout.OBJECT_IDS_KEY, String.join(",", objectIds))))
                .withConf(compression(options))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(options.messageRowGroupBytes())
                .withRowGroupRowCountLimit(options.messageRowGroupRows())
                .withPageSize(options.messagePageBytes())
                .withDictionaryEncoding(true)
                .withDictionaryEncoding("message", false)
                .withStatisticsEnabled(true)
                // Min/max of whole messages would put two messages per row group into the footer every page reads.
                .withStatisticsEnabled("message", false)
                .withStatisticsEnabled("source", false)
                .withSizeStatisticsEnabled(false)
                .build());
    }

    /**
     * The message column is most of what a warehouse stores and is written once but kept for months: ZSTD level 9
     * stored 10-13% fewer message bytes than the default level 3 (BENCHMARKS.md, storage); term files keep level 3,
     * where 9 saved under 1%.
     */
    private static PlainParquetConfiguration compression(WarehouseOptions options) {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set("parquet.compression.codec.zstd.level", Integer.toString(options.messageZstdLevel()));
        return conf;
    }

    /** Appends a row; rows must come in (object_id, seq) order. */
    public void write(Binary tag, long tsMillis, Binary objectId, long seq, Binary source, Binary message)
            throws IOException {
        this.tag = tag;
        this.ts = tsMillis;
        this.objectId = objectId;
        this.seq = seq;
        this.source = source;
        this.message = message;
        file.write(this);
    }

    public long rows() {
        return file.rows();
    }

    /** Finishes and publishes the file. */
    public WrittenFile finish() throws IOException {
        return file.finish();
    }

    @Override
    public void writeTo(RecordConsumer consumer) {
        Fields.binary(consumer, "tag", 0, tag);
        Fields.int64(consumer, "ts", 1, ts);
        Fields.binary(consumer, "object_id", 2, objectId);
        Fields.int64(consumer, "seq", 3, seq);
        Fields.binary(consumer, "source", 4, source);
        Fields.binary(consumer, "message", 5, message);
    }

    /** Discards the file unless it was finished. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
