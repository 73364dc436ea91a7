package dev.minerva.core.warehouse;

/**
 * Sizes that bound memory and shape files. Part boundaries depend on the term buffer bounds, so re-indexing an
 * object reproduces the same file names only with the same options.
 *
 * @param termRowGroupBytes upper bound on a term row group's buffered bytes (a safety net for long terms)
 * @param termRowGroupRows rows per term row group. Term files are sorted by term, so a needle's rows sit in one or two
 *     row groups and every other row group is skipped by its min/max statistics; engines without page indexes
 *     (DuckDB) read a matching row group's column chunks whole, so this bounds what a needle reads per file. Each row
 *     group also adds its metadata to the footer every search reads. 32768 rows (about 170 KB compressed) keeps
 *     both small on an hourly compacted file of a 1 GB day (BENCHMARKS.md: 12 MB read for a needle in 24 hours)
 * @param termPageBytes term pages: 64 KB with column indexes, so a needle inside a row group decodes one page
 * @param messageRowGroupBytes a message row group's buffered (uncompressed) bytes, the unit of compression and of
 *     what a page of hits reads per hit on an engine without page indexes (DuckDB): 256 KB, about the 128 CloudTrail
 *     records a row group held before, and a row group per about a thousand VPC records instead of 128 (their
 *     footer entries and small key columns were a sixth of VPC's message bytes); also bounds what an open message
 *     writer holds in memory
 * @param messageRowGroupRows an upper bound on rows per message row group beside the byte bound; a page of hits
 *     reads the row groups holding its keys, found by the (object_id, seq) min/max statistics of files sorted by
 *     (object_id, seq)
 * @param messagePageBytes message pages; the join on (object_id, seq) reads only the pages it needs
 * @param termBufferRows term rows buffered across all hours before a sorted part is written
 * @param termBufferBytes term text bytes buffered across all hours before a sorted part is written
 * @param maxOpenMessageHours message writers kept open at once; the least recently used is closed beyond it
 * @param rejectExcerptChars bound on the stored excerpt of a rejected entry
 */
public record WarehouseOptions(
        long termRowGroupBytes,
        int termRowGroupRows,
        int termPageBytes,
        long messageRowGroupBytes,
        int messageRowGroupRows,
        int messagePageBytes,
        int termBufferRows,
        int termBufferBytes,
        int maxOpenMessageHours,
        int rejectExcerptChars) {
    static final int TERM_ROW_GROUP_ROWS = 32_768;
    static final int MESSAGE_ROW_GROUP_ROWS = 100_000;
    static final long MESSAGE_ROW_GROUP_BYTES = 256L << 10;
    static final int MESSAGE_ZSTD_LEVEL = 9;

    public WarehouseOptions {
        positive(termRowGroupBytes, "termRowGroupBytes");
        positive(termRowGroupRows, "termRowGroupRows");
        positive(termPageBytes, "termPageBytes");
        positive(messageRowGroupBytes, "messageRowGroupBytes");
        positive(messageRowGroupRows, "messageRowGroupRows");
        positive(messagePageBytes, "messagePageBytes");
        positive(termBufferRows, "termBufferRows");
        positive(termBufferBytes, "termBufferBytes");
        positive(maxOpenMessageHours, "maxOpenMessageHours");
        positive(rejectExcerptChars, "rejectExcerptChars");
    }

    /** Defaults sized so a huge object indexes within a 512 MB heap: about 40 MB of term buffer, 4 x 32 MB messages. */
    public static WarehouseOptions defaults() {
        return new WarehouseOptions(32L << 20, TERM_ROW_GROUP_ROWS, 64 << 10, MESSAGE_ROW_GROUP_BYTES, MESSAGE_ROW_GROUP_ROWS, 1 << 20,
                1_000_000, 32 << 20, 4, 1024);
    }

    /** ZSTD level of message files; see {@link ParquetMessageWriter}. */
    public int messageZstdLevel() {
        return MESSAGE_ZSTD_LEVEL;
    }

    public WarehouseOptions withTermBuffer(int rows, int bytes) {
        return new WarehouseOptions(termRowGroupBytes, termRowGroupRows, termPageBytes, messageRowGroupBytes,
                messageRowGroupRows, messagePageBytes, rows,
                bytes, maxOpenMessageHours, rejectExcerptChars);
    }

    public WarehouseOptions withMaxOpenMessageHours(int hours) {
        return new WarehouseOptions(termRowGroupBytes, termRowGroupRows, termPageBytes, messageRowGroupBytes,
                messageRowGroupRows, messagePageBytes,
                termBufferRows, termBufferBytes, hours, rejectExcerptChars);
    }

    /** The same options with other row group row counts (for measuring the trade-off). */
    public WarehouseOptions withRowGroupRows(int termRows, int messageRows) {
        return new WarehouseOptions(termRowGroupBytes, termRows, termPageBytes, messageRowGroupBytes, messageRows,
                messagePageBytes, termBufferRows, termBufferBytes, maxOpenMessageHours, rejectExcerptChars);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
