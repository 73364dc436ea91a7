package dev.minerva.core.warehouse;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;

/**
 * Sizes a row group's term bloom filter for its distinct terms, with the candidates parquet-java's adaptive filter
 * would keep (the largest size, then halving), so files keep the sizes they had when that filter chose them. The
 * adaptive filter counts distinct values approximately by inserting every value into every candidate; a sorted row
 * group knows its distinct terms exactly, so here each is hashed and inserted once, into the chosen filter only.
 */
final class TermBloomFilterSize {
    // How parquet-java's adaptive filter steps through distinct counts when it works out what a size holds.
    private static final int NDV_STEP = 500;

    private final int[] bytes;
    private final int[] capacity;

    /**
     * @param maxBytes the largest filter; a power of two
     * @param candidates how many sizes, halving from the largest
     * @param fpp the false positive probability each size is rated for
     */
    TermBloomFilterSize(int maxBytes, int candidates, double fpp) {
        if (Integer.bitCount(maxBytes) != 1 || maxBytes < BlockSplitBloomFilter.LOWER_BOUND_BYTES) {
            throw new IllegalArgumentException("maxBytes must be a power of two of at least "
                    + BlockSplitBloomFilter.LOWER_BOUND_BYTES + ": " + maxBytes);
        }
        List<int[]> sizes = new ArrayList<>();
        int size = maxBytes;
        for (int i = 0; i < candidates && size >= BlockSplitBloomFilter.LOWER_BOUND_BYTES; i++) {
            int holds = capacity(size, fpp);
            if (holds <= 0) {
                break;
            }
            sizes.add(new int[] {size, holds});
            size /= 2;
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("A bloom filter of " + maxBytes + " bytes holds no terms at fpp " + fpp);
        }
        // Smallest first, so the first size that holds the terms is the one chosen.
        this.bytes = new int[sizes.size()];
        this.capacity = new int[sizes.size()];
        for (int i = 0; i < sizes.size(); i++) {
            int[] candidate = sizes.get(sizes.size() - 1 - i);
            bytes[i] = candidate[0];
            capacity[i] = candidate[1];
        }
    }

    /** The number of bytes chosen for {@code distinctTerms}: the smallest size that holds them, else the largest. */
    int bytesFor(long distinctTerms) {
        for (int i = 0; i < bytes.length; i++) {
            if (capacity[i] >= distinctTerms) {
                return bytes[i];
            }
        }
        return bytes[bytes.length - 1];
    }

    /** An empty filter of the size chosen for {@code distinctTerms}. */
    BloomFilter newFilter(long distinctTerms) {
        return new BlockSplitBloomFilter(bytesFor(distinctTerms), BlockSplitBloomFilter.LOWER_BOUND_BYTES,
                BlockSplitBloomFilter.UPPER_BOUND_BYTES, BloomFilter.HashStrategy.XXH64);
    }

    /** The distinct values a filter of {@code size} bytes is rated for, rounded down to a step. */
    private static int capacity(int size, double fpp) {
        int ndv = 0;
        int optimalBytes = 0;
        while (optimalBytes < size) {
            ndv += NDV_STEP;
            optimalBytes = BlockSplitBloomFilter.optimalNumOfBits(ndv, fpp) / 8;
        }
        return ndv - NDV_STEP;
    }
}
