package dev.minerva.core.warehouse;

/**
 * Sizes that bound memory and shape files. Part boundaries depend on the term buffer bounds, so re-indexing an
 * object reproduces the same file names only with the same options.
 *
 * @param termRowGroupBytes term row groups: one bloom filter and one min/max range each; 32 MB keeps a needle to
 *     one row group of a 128 MB compacted file while the bloom filter read stays one small range request
 * @param termPageBytes term pages: 64 KB with column indexes, so a needle inside a row group decodes one page
 * @param messageRowGroupBytes message row groups; also the most one open message writer holds in memory
 * @param messagePageBytes message pages; the join on (object_id, seq) reads only the pages it needs
 * @param termBufferRows term rows buffered across all hours before a sorted part is written
 * @param termBufferBytes term text bytes buffered across all hours before a sorted part is written
 * @param maxOpenMessageHours message writers kept open at once; the least recently used is closed beyond it
 * @param rejectExcerptChars bound on the stored excerpt of a rejected entry
 */
public record WarehouseOptions(
        long termRowGroupBytes,
        int termPageBytes,
        long messageRowGroupBytes,
        int messagePageBytes,
        int termBufferRows,
        int termBufferBytes,
        int maxOpenMessageHours,
        int rejectExcerptChars) {
    public WarehouseOptions {
        positive(termRowGroupBytes, "termRowGroupBytes");
        positive(termPageBytes, "termPageBytes");
        positive(messageRowGroupBytes, "messageRowGroupBytes");
        positive(messagePageBytes, "messagePageBytes");
        positive(termBufferRows, "termBufferRows");
        positive(termBufferBytes, "termBufferBytes");
        positive(maxOpenMessageHours, "maxOpenMessageHours");
        positive(rejectExcerptChars, "rejectExcerptChars");
    }

    /** Defaults sized so a huge object indexes within a 512 MB heap: about 40 MB of term buffer, 4 x 32 MB messages. */
    public static WarehouseOptions defaults() {
        return new WarehouseOptions(32L << 20, 64 << 10, 32L << 20, 1 << 20, 1_000_000, 32 << 20, 4, 1024);
    }

    public WarehouseOptions withTermBuffer(int rows, int bytes) {
        return new WarehouseOptions(termRowGroupBytes, termPageBytes, messageRowGroupBytes, messagePageBytes, rows,
                bytes, maxOpenMessageHours, rejectExcerptChars);
    }

    public WarehouseOptions withMaxOpenMessageHours(int hours) {
        return new WarehouseOptions(termRowGroupBytes, termPageBytes, messageRowGroupBytes, messagePageBytes,
                termBufferRows, termBufferBytes, hours, rejectExcerptChars);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
