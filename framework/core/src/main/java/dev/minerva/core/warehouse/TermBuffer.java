package dev.minerva.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * Term rows of one object held as parallel primitive arrays: term text in one byte arena, tag and field as
 * dictionary ids, about 36 bytes plus the term's UTF-8 per row and no object per row. Sorted through an index array
 * by (hour, term, field, seq); strings compare as unsigned UTF-8 bytes, the order Parquet statistics use.
 */
final class TermBuffer {
    private static final int INITIAL_ROWS = 1024;
    private static final int INITIAL_BYTES = 16 * 1024;

    private final int maxRows;
    private final int maxBytes;
    private final Map<String, Integer> tagIds = new HashMap<>();
    private final List<Binary> tags = new ArrayList<>();
    private final Map<String, Integer> fieldIds = new HashMap<>();
    private final List<Binary> fields = new ArrayList<>();

    private int[] hour = new int[0];
    private int[] tag = new int[0];
    private int[] field = new int[0];
    private int[] termOffset = new int[0];
    private int[] termLength = new int[0];
    private long[] ts = new long[0];
    private long[] seq = new long[0];
    private byte[] arena = new byte[0];
    private int size;
    private int arenaUsed;
    private int[] fieldRank = new int[0];

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
        if (arenaUsed + bytes.length > arena.length) {
            int capacity = Math.max(INITIAL_BYTES, arena.length);
            while (capacity < arenaUsed + bytes.length) {
                capacity = capacity * 2;
            }
            arena = Arrays.copyOf(arena, capacity);
        }
        System.arraycopy(bytes, 0, arena, arenaUsed, bytes.length);
        hour[size] = epochHour;
        tag[size] = tagIds.computeIfAbsent(tagName, name -> intern(tags, name));
        field[size] = fieldIds.computeIfAbsent(fieldName, name -> intern(fields, name));
        termOffset[size] = arenaUsed;
        termLength[size] = bytes.length;
        ts[size] = tsMillis;
        seq[size] = seqNumber;
        arenaUsed += bytes.length;
        size++;
    }

    private static int intern(List<Binary> values, String value) {
        values.add(Binary.fromConstantByteArray(value.getBytes(UTF_8)));
        return values.size() - 1;
    }

    private void growRows() {
        // Doubling up to the bound plus slack: a part ends between records, so the last record may overrun it.
        int capacity = hour.length < maxRows
                ? Math.min(maxRows + 256, Math.max(INITIAL_ROWS, hour.length * 2))
                : hour.length + 256;
        hour = Arrays.copyOf(hour, capacity);
        tag = Arrays.copyOf(tag, capacity);
        field = Arrays.copyOf(field, capacity);
        termOffset = Arrays.copyOf(termOffset, capacity);
        termLength = Arrays.copyOf(termLength, capacity);
        ts = Arrays.copyOf(ts, capacity);
        seq = Arrays.copyOf(seq, capacity);
    }

    boolean isFull() {
        return size >= maxRows || arenaUsed >= maxBytes;
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
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[size], 0, size);
        return order;
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

    private void mergeSort(int[] order, int[] scratch, int from, int to) {
        if (to - from <= 24) {
            for (int i = from + 1; i < to; i++) {
                int row = order[i];
                int j = i - 1;
                while (j >= from && compare(order[j], row) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = row;
            }
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, scratch, from, middle);
        mergeSort(order, scratch, middle, to);
        if (compare(order[middle - 1], order[middle]) <= 0) {
            return;
        }
        System.arraycopy(order, from, scratch, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || (left < middle && compare(scratch[left], scratch[right]) <= 0)) {
                order[i] = scratch[left++];
            } else {
                order[i] = scratch[right++];
            }
        }
    }

    private int compare(int a, int b) {
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

    int compareTerms(int a, int b) {
        return Arrays.compareUnsigned(arena, termOffset[a], termOffset[a] + termLength[a],
                arena, termOffset[b], termOffset[b] + termLength[b]);
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

    /** The term as a view into the arena, valid until the buffer is cleared. */
    Binary term(int row) {
        return Binary.fromReusedByteArray(arena, termOffset[row], termLength[row]);
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
        arenaUsed = 0;
    }
}
