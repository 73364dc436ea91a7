package dev.minerva.core.warehouse;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.statistics.geospatial.GeospatialStatistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.column.values.bloomfilter.XxHash;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.apache.parquet.column.values.deltastrings.DeltaByteArrayWriter;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One row group of a term file on its way to disk: the term column goes into parquet-java's delta string encoder,
 * the others into {@link DictionaryColumnWriter} (parquet-java's dictionary encoding and fallback, with cheaper
 * lookups), and their pages, compressed, into a {@link ColumnChunkPageWriteStore}, which also builds the column and
 * offset indexes.
 *
 * <p>What the generic column writers did per value is done here per run instead: the caller says when the term
 * changes, so the term's statistics are updated and its bloom filter hash taken once per distinct term, and the tag's
 * statistics once per change of tag. The statistics are still exact min/max of the values written.
 */
final class TermRowGroup {
    private static final XxHash HASH = new XxHash();
    private static final int TAG = 0;
    private static final int FIELD = 1;
    private static final int TERM = 2;
    private static final int TS = 3;
    private static final int OBJECT_ID = 4;
    private static final int SEQ = 5;

    private final ColumnChunkPageWriteStore pages;
    private final Column[] columns;
    private final int pageBytes;
    private final int pageRows;
    private final TermBloomFilterSize bloomSize;
    private long[] termHashes;
    private int distinctTerms;
    private int rows;
    private long bufferedBytes;
    private Binary lastTag;

    TermRowGroup(ParquetProperties properties, BytesInputCompressor compressor, TermBloomFilterSize bloomSize,
            long[] termHashes) {
        this.pages = ColumnChunkPageWriteStore.builder()
                .withSchema(ParquetSchemas.TERM_SCHEMA)
                .withAllocator(properties.getAllocator())
                .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
                .withCompressorProvider(column -> compressor)
                .build();
        List<ColumnDescriptor> descriptors = ParquetSchemas.TERM_SCHEMA.getColumns();
        if (!descriptors.get(TERM).getPath()[0].equals("term") || descriptors.size() != 6) {
            throw new IllegalStateException("Unexpected term schema: " + ParquetSchemas.TERM_SCHEMA);
        }
        this.columns = new Column[descriptors.size()];
        for (int i = 0; i < columns.length; i++) {
            ColumnDescriptor descriptor = descriptors.get(i);
            columns[i] = new Column(descriptor, valuesWriter(properties, descriptor, i),
                    pages.getPageWriter(descriptor), i == TAG || i == TERM || i == TS);
        }
        this.pageBytes = properties.getPageSizeThreshold();
        this.pageRows = properties.getPageRowCountLimit();
        this.bloomSize = bloomSize;
        this.termHashes = termHashes;
    }

    /** The term column as parquet-java configures it; the others dictionary-encoded with the same fallback. */
    private static ValuesWriter valuesWriter(ParquetProperties properties, ColumnDescriptor descriptor, int column) {
        if (column == TERM || !properties.isDictionaryEnabled(descriptor)) {
            return properties.newValuesWriter(descriptor);
        }
        int slab = properties.getInitialSlabSize();
        int page = properties.getPageSizeThreshold();
        ValuesWriter fallback = descriptor.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64
                ? new DeltaBinaryPackingValuesWriterForLong(slab, page, properties.getAllocator())
                : new DeltaByteArrayWriter(slab, page, properties.getAllocator());
        return new DictionaryColumnWriter(properties.getDictionaryPageSizeThreshold(), page, fallback);
    }

    /**
     * Adds a row. {@code newTerm} must be true whenever the term differs from the previous row's (it may be true more
     * often: a repeated hash only sizes the bloom filter a little larger).
     */
    void add(Binary tag, Binary field, Binary term, boolean newTerm, long ts, Binary objectId, long seq)
            throws IOException {
        Column tagColumn = columns[TAG];
        // Rows of a record share one tag instance; a reused buffer may change under the same one.
        if (tag != lastTag || tag.isBackingBytesReused() || tagColumn.pageRows == 0) {
            tagColumn.statistics.updateStats(tag);
            lastTag = tag;
        }
        tagColumn.values.writeBytes(tag);
        columns[FIELD].values.writeBytes(field);
        Column termColumn = columns[TERM];
        if (newTerm || rows == 0) {
            if (distinctTerms == termHashes.length) {
                termHashes = Arrays.copyOf(termHashes, Math.max(1024, distinctTerms * 2));
            }
            termHashes[distinctTerms++] = HASH.hashByteBuffer(term.toByteBuffer());
            termColumn.statistics.updateStats(term);
        } else if (termColumn.pageRows == 0) {
            termColumn.statistics.updateStats(term);
        }
        termColumn.values.writeBytes(term);
        Column tsColumn = columns[TS];
        tsColumn.statistics.updateStats(ts);
        tsColumn.values.writeLong(ts);
        columns[OBJECT_ID].values.writeBytes(objectId);
        columns[SEQ].values.writeLong(seq);
        rows++;
        bufferedBytes += tag.length() + field.length() + term.length() + objectId.length() + 2 * Long.BYTES;
        for (Column column : columns) {
            column.pageRows++;
            if (column.pageRows >= pageRows || column.values.getBufferedSize() >= pageBytes) {
                column.writePage();
            }
        }
    }

    int rows() {
        return rows;
    }

    /** The raw bytes of the values added: the bound on what a row group may buffer. */
    long bufferedBytes() {
        return bufferedBytes;
    }

    /** The hash array, handed on to the next row group so it is allocated once per file. */
    long[] termHashes() {
        return termHashes;
    }

    /** Writes the row group (when it holds rows) and releases its buffers. */
    void writeTo(ParquetFileWriter file) throws IOException {
        try {
            if (rows == 0) {
                return;
            }
            for (Column column : columns) {
                column.finish();
            }
            BloomFilter bloom = bloomSize.newFilter(distinctTerms);
            for (int i = 0; i < distinctTerms; i++) {
                bloom.insertHash(termHashes[i]);
            }
            pages.getBloomFilterWriter(columns[TERM].descriptor).writeBloomFilter(bloom);
            file.startBlock(rows);
            pages.flushToFileWriter(file);
            file.endBlock();
        } finally {
            close();
        }
    }

    /** Releases the buffers without writing. */
    void close() {
        for (Column column : columns) {
            column.values.close();
        }
        pages.close();
    }

    /** One column's encoder, page writer and the statistics of its current page. */
    private static final class Column {
        final ColumnDescriptor descriptor;
        final ValuesWriter values;
        final PageWriter pages;
        final boolean statisticsEnabled;
        Statistics<?> statistics;
        int pageRows;

        Column(ColumnDescriptor descriptor, ValuesWriter values, PageWriter pages, boolean statisticsEnabled) {
            this.descriptor = descriptor;
            this.values = values;
            this.pages = pages;
            this.statisticsEnabled = statisticsEnabled;
            this.statistics = newStatistics();
        }

        private Statistics<?> newStatistics() {
            // No statistics, no column index: searches never filter term files on field, object_id or seq.
            return statisticsEnabled
                    ? Statistics.createStats(descriptor.getPrimitiveType())
                    : Statistics.noopStats(descriptor.getPrimitiveType());
        }

        void writePage() throws IOException {
            if (pageRows == 0) {
                return;
            }
            // The encoding is known only once the bytes are taken (a dictionary may fall back on the first page).
            BytesInput bytes = values.getBytes();
            pages.writePageV2(pageRows, 0, pageRows, BytesInput.empty(), BytesInput.empty(), values.getEncoding(),
                    bytes, statistics,
                    // Size statistics grow every row group's footer entry, and no engine we use reads them.
                    SizeStatistics.noopBuilder(descriptor.getPrimitiveType(), 0, 0).build(),
                    GeospatialStatistics.noopBuilder().build());
            values.reset();
            statistics = newStatistics();
            pageRows = 0;
        }

        void finish() throws IOException {
            writePage();
            DictionaryPage dictionary = values.toDictPageAndClose();
            if (dictionary != null) {
                pages.writeDictionaryPage(dictionary);
                values.resetDictionary();
            }
        }
    }
}
