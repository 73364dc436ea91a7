package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Map;
import java.util.SortedSet;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes one term file from rows the caller already sorts by (term, field, object_id, seq); exact duplicates of the
 * previous row are dropped, which makes the table one row per distinct (field, term) per record.
 */
public final class ParquetTermWriter implements RowWriteSupport.Row, AutoCloseable {
    // A row group of distinct terms needs about 40 KB at 1% false positives; candidates halve from 64 KB to 2 KB.
    private static final int MAX_BLOOM_BYTES = 64 << 10;
    private static final int BLOOM_CANDIDATES = 6;

    private final StagedParquetFile file;
    private final Binary[] previous = new Binary[3];
    private Binary tag;
    private Binary field;
    private Binary term;
    private long ts;
    private Binary objectId;
    private long seq;
    private long previousSeq;

    /**
     * @param objectIds the objects whose rows this file holds, recorded in the footer
     */
    public ParquetTermWriter(StagedFile staged, WarehouseOptions options, SortedSet<String> objectIds)
            throws IOException {
        requireNonNull(staged, "staged is null");
        requireNonNull(options, "options is null");
        this.file = new StagedParquetFile(WarehouseLayout.TERMS, staged, new RowWriteSupport.Builder(staged.outputFile(),
                        new RowWriteSupport(WarehouseLayout.TERM_SCHEMA,
                                Map.of(WarehouseLayout.OBJECT_IDS_KEY, String.join(",", objectIds))))
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                // v2 pages: sorted terms prefix-compress (DELTA_BYTE_ARRAY), seq and ts delta-pack; read by DuckDB and
                // Trino 476 in the tests (Athena engine 3 is Trino-based).
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withRowGroupSize(options.termRowGroupBytes())
                .withRowGroupRowCountLimit(options.termRowGroupRows())
                .withPageSize(options.termPageBytes())
                .withDictionaryEncoding(true)
                // Terms are mostly unique per file: a dictionary would be built, overflow and be thrown away.
                .withDictionaryEncoding("term", false)
                .withBloomFilterEnabled("term", true)
                .withBloomFilterFPP("term", 0.01)
                // One filter per row group. Row groups of terms like request ids hold a distinct term per row, most
                // a few thousand: the writer keeps candidate filters of halving sizes and stores the smallest that
                // fits the distinct terms it saw (a fixed NDV would size them all for the worst case).
                .withAdaptiveBloomFilterEnabled(true)
                .withMaxBloomFilterBytes(MAX_BLOOM_BYTES)
                .withBloomFilterCandidateNumber("term", BLOOM_CANDIDATES)
                .withStatisticsEnabled(true)
                // Size statistics grow every row group's footer entry, and no engine we use reads them.
                .withSizeStatisticsEnabled(false)
                // Searches filter term files on term, ts and tag only (SearchSql's term scan); min/max of the other
                // columns is never read, and comparing every value against them was a tenth of writing a row.
                .withStatisticsEnabled("field", false)
                .withStatisticsEnabled("object_id", false)
                .withStatisticsEnabled("seq", false)
                .build());
    }

    /** Appends a row; rows must come in (term, field, object_id, seq) order. */
    public void write(Binary tag, Binary field, Binary term, long tsMillis, Binary objectId, long seq)
            throws IOException {
        if (file.rows() > 0 && seq == previousSeq && term.equals(previous[0]) && field.equals(previous[1])
                && objectId.equals(previous[2])) {
            return;
        }
        this.tag = tag;
        this.field = field;
        this.term = term;
        this.ts = tsMillis;
        this.objectId = objectId;
        this.seq = seq;
        file.write(this);
        // The term may live in a reused buffer; keep a copy for the duplicate check.
        previous[0] = term.copy();
        previous[1] = field;
        previous[2] = objectId;
        previousSeq = seq;
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
        Fields.binary(consumer, "field", 1, field);
        Fields.binary(consumer, "term", 2, term);
        Fields.int64(consumer, "ts", 3, ts);
        Fields.binary(consumer, "object_id", 4, objectId);
        Fields.int64(consumer, "seq", 5, seq);
    }

    /** Discards the file unless it was finished. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
