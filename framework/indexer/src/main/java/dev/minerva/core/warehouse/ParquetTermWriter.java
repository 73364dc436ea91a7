package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Map;
import java.util.SortedSet;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;

/**
 * Writes one term file from rows the caller already sorts by (term, field, object_id, seq); exact duplicates of the
 * previous row are dropped, which makes the table one row per distinct (field, term) per record.
 *
 * <p>A CloudTrail record makes about a hundred term rows, so the cost per row decides indexing speed. Rows go
 * column by column into parquet-java's encoders and page store ({@link TermRowGroup}) rather than value by value
 * through its record consumer and generic column writers: the file is the same Parquet (same schema, encodings,
 * ZSTD, v2 pages, statistics on term, ts and tag, column and offset indexes, one adaptive-sized bloom filter on term
 * per row group), but term statistics and bloom filter hashes are taken once per distinct term.
 */
public final class ParquetTermWriter implements AutoCloseable {
    // A row group of distinct terms needs about 40 KB at 1% false positives; candidates halve from 64 KB to 2 KB.
    private static final int MAX_BLOOM_BYTES = 64 << 10;
    private static final int BLOOM_CANDIDATES = 6;
    private static final double BLOOM_FPP = 0.01;
    private static final TermBloomFilterSize BLOOM_SIZE =
            new TermBloomFilterSize(MAX_BLOOM_BYTES, BLOOM_CANDIDATES, BLOOM_FPP);

    private final StagedFile staged;
    private final ParquetProperties properties;
    private final CodecFactory codecs;
    private final CodecFactory.BytesCompressor compressor;
    private final ParquetFileWriter file;
    private final Map<String, String> footer;
    private final int rowGroupRows;
    private final long rowGroupBytes;
    private TermRowGroup rowGroup;
    private Binary previousTerm;
    private Binary previousField;
    private Binary previousObjectId;
    private long previousSeq;
    private long rows;
    private boolean closed;

    /**
     * @param objectIds the objects whose rows this file holds, recorded in the footer
     */
    public ParquetTermWriter(StagedFile staged, WarehouseOptions options, SortedSet<String> objectIds)
            throws IOException {
        this.staged = requireNonNull(staged, "staged is null");
        requireNonNull(options, "options is null");
        this.footer = Map.of(WarehouseLayout.OBJECT_IDS_KEY, String.join(",", objectIds));
        this.rowGroupRows = options.termRowGroupRows();
        this.rowGroupBytes = options.termRowGroupBytes();
        this.properties = ParquetProperties.builder()
                // v2 pages: sorted terms prefix-compress (DELTA_BYTE_ARRAY), seq and ts delta-pack; read by DuckDB and
                // Trino 476 in the tests (Athena engine 3 is Trino-based).
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withPageSize(options.termPageBytes())
                .withDictionaryEncoding(true)
                // Terms are mostly unique per file: a dictionary would be built, overflow and be thrown away.
                .withDictionaryEncoding("term", false)
                // Rows are sorted by (term, field, object_id, seq), so a term's seqs in one object are a sorted posting
                // list: delta-packed they take a few bits per row where dictionary ids took about log2(records).
                // ts stays dictionary-encoded: it is not sorted within a posting, and delta-packed it took twice the
                // bytes (BENCHMARKS.md, storage).
                .withDictionaryEncoding("seq", false)
                .withSizeStatisticsEnabled(false)
                .build();
        this.codecs = new CodecFactory(new PlainParquetConfiguration(), properties.getPageSizeThreshold());
        this.compressor = codecs.getCompressor(CompressionCodecName.ZSTD);
        ParquetFileWriter opened = null;
        try {
            opened = new ParquetFileWriter(ParquetFiles.output(staged), ParquetSchemas.TERM_SCHEMA,
                    ParquetFileWriter.Mode.CREATE, rowGroupBytes, ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null,
                    properties);
            opened.start();
        } catch (IOException | RuntimeException e) {
            codecs.release();
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        this.file = opened;
        this.rowGroup = newRowGroup(new long[0]);
    }

    private TermRowGroup newRowGroup(long[] termHashes) {
        return new TermRowGroup(properties, compressor, BLOOM_SIZE, termHashes);
    }

    /** Appends a row; rows must come in (term, field, object_id, seq) order. */
    public void write(Binary tag, Binary field, Binary term, long tsMillis, Binary objectId, long seq)
            throws IOException {
        if (closed) {
            throw new IllegalStateException("Term file already finished or closed: " + staged.key());
        }
        // The TermBuffer hands out one Binary per distinct term, so the identity test settles most rows.
        boolean sameTerm = rows > 0 && (term == previousTerm || term.equals(previousTerm));
        if (sameTerm && seq == previousSeq && field.equals(previousField) && objectId.equals(previousObjectId)) {
            return;
        }
        if (rowGroup.rows() >= rowGroupRows || rowGroup.bufferedBytes() >= rowGroupBytes) {
            TermRowGroup full = rowGroup;
            rowGroup = newRowGroup(full.termHashes());
            full.writeTo(file);
        }
        rowGroup.add(tag, field, term, !sameTerm, tsMillis, objectId, seq);
        if (!sameTerm) {
            // The term may live in a reused buffer; copy() keeps it (and returns constant values as they are).
            previousTerm = term.copy();
        }
        previousField = field;
        previousObjectId = objectId;
        previousSeq = seq;
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** Finishes and publishes the file. */
    public WrittenFile finish() throws IOException {
        if (closed) {
            throw new IllegalStateException("Term file already finished or closed: " + staged.key());
        }
        closed = true;
        try {
            rowGroup.writeTo(file);
            file.end(footer);
        } catch (IOException | RuntimeException e) {
            try {
                discard();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            codecs.release();
        }
        StoredObject stored = staged.publish();
        staged.close();
        return new WrittenFile(WarehouseLayout.TERMS, staged.key(), rows, stored.size());
    }

    /** Discards the file unless it was finished. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rowGroup.close();
            discard();
        } finally {
            codecs.release();
        }
    }

    private void discard() throws IOException {
        try {
            file.close();
        } finally {
            staged.close();
        }
    }
}
