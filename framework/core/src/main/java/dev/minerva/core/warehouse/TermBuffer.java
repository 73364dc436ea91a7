package dev.minerva.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * Term rows of one object held as parallel primitive arrays, with no object per row: tag and field as dictionary
 * ids, and the term as an id into a per-part term dictionary whose text sits once in a byte arena. Sorted through an
 * index array by (hour, term, field, seq); strings compare as unsigned UTF-8 bytes, the order Parquet statistics use.
 *
 * <p>Why a term dictionary: a record's terms repeat across records (regions, accounts, event names, ports), so a
 * part holds far fewer distinct terms than rows. The strings are compared only to rank the distinct terms once;
 * rows then sort as packed primitive keys, which is what made the sort the largest cost of indexing before.
 */
final class TermBuffer {
    private static final int INITIAL_ROWS = 1024;
    private static final int INITIAL_BYTES = 16 * 1024;
    private static final int INITIAL_TERMS = 1024;

    private final int maxRows;
    private final int maxBytes;
    private final Map<String, Integer> tagIds = new HashMap<>();
    private final List<Binary> tags = new ArrayList<>();
    private final Map<String, Integer> fieldIds = new HashMap<>();
    private final List<Binary> fields = new ArrayList<>();

    private int[] hour = new int[0];
    private int[] tag = new int[0];
    private int[] field = new int[0];
    private int[] termId = new int[0];
    private long[] ts = new long[0];
    private long[] seq = new long[0];
    private int size;
    // Term bytes as if every row held its own copy: the byte bound, and with it part boundaries (and so file names),
    // stay what they were before the dictionary.
    private long rowTermBytes;
    private boolean seqOrdered = true;

    // The term dictionary: open addressing over ids, text in the arena.
    private byte[] arena = new byte[0];
    private int arenaUsed;
    private int[] termOffset = new int[0];
    private int[] termLength = new int[0];
    private int[] termHash = new int[0];
    private int terms;
    private int[] slots = new int[0];

    private int[] fieldRank = new int[0];
    private int[] termRank = new int[0];

    TermBuffer(int maxRows, int maxBytes) {
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    /** Adds a row; the caller flushes once {@link #isFull()} says so. */
    void add(int epochHour, String tagName, String fieldName, String term, long tsMillis, long seqNumber) {
        if (size == hour.length) {
            growRows();
        }
        byte[] bytes = term.getBytes(UTF_8);
        hour[size] = epochHour;
        tag[size] = tagIds.computeIfAbsent(tagName, name -> intern(tags, name));
        field[size] = fieldIds.computeIfAbsent(fieldName, name -> intern(fields, name));
        termId[size] = termId(bytes);
        ts[size] = tsMillis;
        if (size > 0 && seqNumber < seq[size - 1]) {
            seqOrdered = false;
        }
        seq[size] = seqNumber;
        rowTermBytes += bytes.length;
        size++;
    }

    private static int intern(List<Binary> values, String value) {
        values.add(Binary.fromConstantByteArray(value.getBytes(UTF_8)));
        return values.size() - 1;
    }

    /** The id of {@code bytes} in the term dictionary, added if new. */
    private int termId(byte[] bytes) {
        if (terms * 2 >= slots.length) {
            growSlots();
        }
        int hash = hash(bytes);
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                int id = addTerm(bytes, hash);
                slots[slot] = id + 1;
                return id;
            }
            int id = entry - 1;
            if (termHash[id] == hash && termLength[id] == bytes.length
                    && Arrays.equals(arena, termOffset[id], termOffset[id] + bytes.length, bytes, 0, bytes.length)) {
                return id;
            }
        }
    }

    private int addTerm(byte[] bytes, int hash) {
        if (terms == termOffset.length) {
            int capacity = Math.max(INITIAL_TERMS, terms * 2);
            termOffset = Arrays.copyOf(termOffset, capacity);
            termLength = Arrays.copyOf(termLength, capacity);
            termHash = Arrays.copyOf(termHash, capacity);
        }
        if (arenaUsed + bytes.length > arena.length) {
            int capacity = Math.max(INITIAL_BYTES, arena.length);
            while (capacity < arenaUsed + bytes.length) {
                capacity = capacity * 2;
            }
            arena = Arrays.copyOf(arena, capacity);
        }
        System.arraycopy(bytes, 0, arena, arenaUsed, bytes.length);
        termOffset[terms] = arenaUsed;
        termLength[terms] = bytes.length;
        termHash[terms] = hash;
        arenaUsed += bytes.length;
        return terms++;
    }

    private void growSlots() {
        int[] grown = new int[Math.max(2 * INITIAL_TERMS, slots.length * 2)];
        int mask = grown.length - 1;
        for (int id = 0; id < terms; id++) {
            int slot = termHash[id] & mask;
            while (grown[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            grown[slot] = id + 1;
        }
        slots = grown;
    }

    private static int hash(byte[] bytes) {
        int h = 1;
        for (byte b : bytes) {
            h = 31 * h + b;
        }
        // Spread the low bits: the table index takes them, and similar terms differ mostly at the end.
        return h ^ (h >>> 16) ^ (h >>> 7);
    }

    private void growRows() {
        // Doubling up to the bound plus slack: a part ends between records, so the last record may overrun it.
        int capacity = hour.length < maxRows
                ? Math.min(maxRows + 256, Math.max(INITIAL_ROWS, hour.length * 2))
                : hour.length + 256;
        hour = Arrays.copyOf(hour, capacity);
        tag = Arrays.copyOf(tag, capacity);
        field = Arrays.copyOf(field, capacity);
        termId = Arrays.copyOf(termId, capacity);
        ts = Arrays.copyOf(ts, capacity);
        seq = Arrays.copyOf(seq, capacity);
    }

    boolean isFull() {
        return size >= maxRows || rowTermBytes >= maxBytes;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Row indexes in (hour, term, field, seq) order. */
    int[] sortedOrder() {
        rankFields();
        rankTerms();
        int[] hours = Arrays.stream(hour, 0, size).distinct().sorted().toArray();
        int hourBits = bits(hours.length);
        int termBits = bits(terms);
        int fieldBits = bits(fields.size());
        int rowBits = bits(size);
        int[] order = new int[size];
        if (seqOrdered && hourBits + termBits + fieldBits + rowBits <= 63) {
            // Rows arrive in seq order, so the row index stands in for seq and the whole key fits one long.
            long[] keys = new long[size];
            for (int row = 0; row < size; row++) {
                long hourRank = hours.length == 1 ? 0 : Arrays.binarySearch(hours, hour[row]);
                keys[row] = (((hourRank << termBits | termRank[termId[row]]) << fieldBits | fieldRank[field[row]])
                        << rowBits) | row;
            }
            Arrays.sort(keys);
            long rowMask = (1L << rowBits) - 1;
            for (int i = 0; i < size; i++) {
                order[i] = (int) (keys[i] & rowMask);
            }
            return order;
        }
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[size], 0, size, this::compareRows);
        return order;
    }

    private static int bits(int count) {
        return count <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(count - 1);
    }

    private void rankFields() {
        Integer[] ids = new Integer[fields.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (a, b) -> Arrays.compareUnsigned(fields.get(a).getBytesUnsafe(), fields.get(b).getBytesUnsafe()));
        fieldRank = new int[ids.length];
        for (int rank = 0; rank < ids.length; rank++) {
            fieldRank[ids[rank]] = rank;
        }
    }

    private void rankTerms() {
        // The first eight bytes as an unsigned big-endian long settle most comparisons without touching the arena.
        long[] prefix = new long[terms];
        for (int id = 0; id < terms; id++) {
            long p = 0;
            int offset = termOffset[id];
            int length = termLength[id];
            for (int i = 0; i < 8; i++) {
                p = (p << 8) | (i < length ? arena[offset + i] & 0xff : 0);
            }
            prefix[id] = p;
        }
        int[] ids = new int[terms];
        for (int id = 0; id < terms; id++) {
            ids[id] = id;
        }
        mergeSort(ids, new int[terms], 0, terms, (a, b) -> {
            int byPrefix = Long.compareUnsigned(prefix[a], prefix[b]);
            return byPrefix != 0 ? byPrefix : compareTermText(a, b);
        });
        if (termRank.length < terms) {
            termRank = new int[Math.max(terms, termRank.length * 2)];
        }
        for (int rank = 0; rank < terms; rank++) {
            termRank[ids[rank]] = rank;
        }
    }

    private int compareTermText(int a, int b) {
        return Arrays.compareUnsigned(arena, termOffset[a], termOffset[a] + termLength[a],
                arena, termOffset[b], termOffset[b] + termLength[b]);
    }

    /** Compares two ids; a primitive stand-in for Comparator that avoids boxing. */
    @FunctionalInterface
    private interface IdComparator {
        int compare(int a, int b);
    }

    private static void mergeSort(int[] order, int[] scratch, int from, int to, IdComparator comparator) {
        if (to - from <= 24) {
            for (int i = from + 1; i < to; i++) {
                int row = order[i];
                int j = i - 1;
                while (j >= from && comparator.compare(order[j], row) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = row;
            }
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, scratch, from, middle, comparator);
        mergeSort(order, scratch, middle, to, comparator);
        if (comparator.compare(order[middle - 1], order[middle]) <= 0) {
            return;
        }
        System.arraycopy(order, from, scratch, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || (left < middle && comparator.compare(scratch[left], scratch[right]) <= 0)) {
                order[i] = scratch[left++];
            } else {
                order[i] = scratch[right++];
            }
        }
    }

    private int compareRows(int a, int b) {
        int byHour = Integer.compare(hour[a], hour[b]);
        if (byHour != 0) {
            return byHour;
        }
        int byTerm = compareTerms(a, b);
        if (byTerm != 0) {
            return byTerm;
        }
        int byField = Integer.compare(fieldRank[field[a]], fieldRank[field[b]]);
        return byField != 0 ? byField : Long.compare(seq[a], seq[b]);
    }

    /** Orders two rows by term; valid after {@link #sortedOrder()}, which ranks the terms. */
    int compareTerms(int a, int b) {
        return Integer.compare(termRank[termId[a]], termRank[termId[b]]);
    }

    int hour(int row) {
        return hour[row];
    }

    Binary tag(int row) {
        return tags.get(tag[row]);
    }

    Binary field(int row) {
        return fields.get(field[row]);
    }

    /**
     * The term as a view into the arena. Marked constant (so Parquet keeps it without copying) because the arena
     * does not change until {@link #clear()}, and every writer of a part is closed before the buffer is cleared.
     */
    Binary term(int row) {
        int id = termId[row];
        return Binary.fromConstantByteArray(arena, termOffset[id], termLength[id]);
    }

    long ts(int row) {
        return ts[row];
    }

    long seq(int row) {
        return seq[row];
    }

    /** Empties the buffer but keeps its arrays: the next part of a big object reuses them. */
    void clear() {
        size = 0;
        rowTermBytes = 0;
        seqOrdered = true;
        arenaUsed = 0;
        terms = 0;
        Arrays.fill(slots, 0);
    }
}
