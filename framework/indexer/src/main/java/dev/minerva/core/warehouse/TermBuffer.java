package dev.minerva.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * Term rows of one object held as parallel primitive arrays, with no object per row: the field as a dictionary id,
 * the term as an id into a per-part term dictionary whose text sits once in a byte arena, and the record (tag, ts,
 * seq, hour) as an index into per-record arrays. {@link #sort()} orders the rows by (hour, term, field, seq);
 * strings compare as unsigned UTF-8 bytes, the order Parquet statistics use. Sorted rows are then read by position.
 *
 * <p>Why a term dictionary: a record's terms repeat across records (regions, accounts, event names, ports), so a
 * part holds far fewer distinct terms than rows. The strings are compared only to rank the distinct terms once;
 * rows then sort as packed primitive keys, which is what made the sort the largest cost of indexing before. The
 * sorted keys are decoded back into the row arrays, so reading rows in order walks memory sequentially rather than
 * jumping through a permutation, and a term's {@link Binary} is made once per distinct term, not once per row.
 */
final class TermBuffer {
    private static final int INITIAL_ROWS = 1024;
    private static final int INITIAL_RECORDS = 256;
    private static final int INITIAL_BYTES = 16 * 1024;
    private static final int INITIAL_TERMS = 1024;

    private final int maxRows;
    private final int maxBytes;
    private final Map<String, Integer> tagIds = new HashMap<>();
    private final List<Binary> tags = new ArrayList<>();
    private final Map<String, Integer> fieldIds = new HashMap<>();
    private final List<Binary> fields = new ArrayList<>();

    // Per row. Before sort(): the field id, the term id and the record index of each row in arrival order; after it,
    // the field rank, the term rank and the record index of each row in sorted order.
    private int[] field = new int[0];
    private int[] term = new int[0];
    private int[] record = new int[0];
    private int size;
    // Term bytes as if every row held its own copy: the byte bound, and with it part boundaries (and so file names),
    // stay what they were before the dictionary.
    private long rowTermBytes;

    // Per record: rows of one record share its tag, time and seq.
    private int[] recordHour = new int[0];
    private int[] recordTag = new int[0];
    private long[] recordTs = new long[0];
    private long[] recordSeq = new long[0];
    private int records;
    private String lastTagName;
    private boolean seqOrdered = true;

    // The term dictionary: open addressing, text in the arena. A slot holds the term's hash in its high half and
    // its id + 1 in its low half, so a probe touches the arena only when the hashes agree.
    private byte[] arena = new byte[0];
    private int arenaUsed;
    // Where each term's text sits: offset in the high half, length in the low half, so one read finds both.
    private long[] termRef = new long[0];
    private int terms;
    private long[] slots = new long[0];
    // Terms of one leaf share its field name: the last one resolved skips the map.
    private String lastFieldName;
    private int lastFieldId;

    // Filled by sort(): field ids by rank, and the term text copied out in rank order, so sorted rows (which hold
    // ranks) read term bytes front to back rather than scattered over the arena.
    private int[] fieldByRank = new int[0];
    private byte[] rankedArena = new byte[0];
    private int[] rankedOffset = new int[0];
    private boolean sorted;
    // The Binary of the last term read, reused while rows of the same term follow.
    private int cachedTermRank = -1;
    private Binary cachedTerm;

    TermBuffer(int maxRows, int maxBytes) {
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    /** Adds a row; the caller flushes once {@link #isFull()} says so. */
    void add(int epochHour, String tagName, String fieldName, String termText, long tsMillis, long seqNumber) {
        if (sorted) {
            throw new IllegalStateException("Rows added to a sorted term buffer");
        }
        if (size == field.length) {
            growRows();
        }
        int current = records - 1;
        if (current < 0 || recordSeq[current] != seqNumber || recordTs[current] != tsMillis
                || recordHour[current] != epochHour || !sameTag(tagName)) {
            current = addRecord(epochHour, tagName, tsMillis, seqNumber);
        }
        byte[] bytes = termText.getBytes(UTF_8);
        field[size] = fieldId(fieldName);
        term[size] = termId(bytes);
        record[size] = current;
        rowTermBytes += bytes.length;
        size++;
    }

    private int fieldId(String fieldName) {
        if (fieldName != lastFieldName) {
            lastFieldId = fieldIds.computeIfAbsent(fieldName, name -> intern(fields, name));
            lastFieldName = fieldName;
        }
        return lastFieldId;
    }

    private boolean sameTag(String tagName) {
        // Every row of a record passes the same tag instance; equals covers any other caller.
        return tagName == lastTagName || tagName.equals(lastTagName);
    }

    private int addRecord(int epochHour, String tagName, long tsMillis, long seqNumber) {
        if (records == recordSeq.length) {
            int capacity = Math.max(INITIAL_RECORDS, records * 2);
            recordHour = Arrays.copyOf(recordHour, capacity);
            recordTag = Arrays.copyOf(recordTag, capacity);
            recordTs = Arrays.copyOf(recordTs, capacity);
            recordSeq = Arrays.copyOf(recordSeq, capacity);
        }
        if (records > 0 && seqNumber < recordSeq[records - 1]) {
            seqOrdered = false;
        }
        recordHour[records] = epochHour;
        recordTag[records] = tagIds.computeIfAbsent(tagName, name -> intern(tags, name));
        recordTs[records] = tsMillis;
        recordSeq[records] = seqNumber;
        lastTagName = tagName;
        return records++;
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
            long entry = slots[slot];
            if (entry == 0) {
                int id = addTerm(bytes);
                slots[slot] = (long) hash << 32 | (id + 1);
                return id;
            }
            int id = (int) entry - 1;
            if ((int) (entry >>> 32) == hash) {
                long ref = termRef[id];
                int offset = (int) (ref >>> 32);
                if ((int) ref == bytes.length
                        && Arrays.equals(arena, offset, offset + bytes.length, bytes, 0, bytes.length)) {
                    return id;
                }
            }
        }
    }

    private int addTerm(byte[] bytes) {
        if (terms == termRef.length) {
            int capacity = Math.max(INITIAL_TERMS, terms * 2);
            termRef = Arrays.copyOf(termRef, capacity);
        }
        if (arenaUsed + bytes.length > arena.length) {
            int capacity = Math.max(INITIAL_BYTES, arena.length);
            while (capacity < arenaUsed + bytes.length) {
                capacity = capacity * 2;
            }
            arena = Arrays.copyOf(arena, capacity);
        }
        System.arraycopy(bytes, 0, arena, arenaUsed, bytes.length);
        termRef[terms] = (long) arenaUsed << 32 | bytes.length;
        arenaUsed += bytes.length;
        return terms++;
    }

    private void growSlots() {
        long[] grown = new long[Math.max(2 * INITIAL_TERMS, slots.length * 2)];
        int mask = grown.length - 1;
        for (long entry : slots) {
            if (entry != 0) {
                int slot = (int) (entry >>> 32) & mask;
                while (grown[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                grown[slot] = entry;
            }
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
        int capacity = field.length < maxRows
                ? Math.min(maxRows + 256, Math.max(INITIAL_ROWS, field.length * 2))
                : field.length + 256;
        field = Arrays.copyOf(field, capacity);
        term = Arrays.copyOf(term, capacity);
        record = Arrays.copyOf(record, capacity);
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

    /**
     * Puts the rows in (hour, term, field, seq) order; rows equal in all four keep their arrival order. Afterwards
     * the accessors take a position in that order, and no more rows may be added until {@link #clear()}.
     */
    void sort() {
        if (sorted) {
            return;
        }
        sorted = true;
        fieldByRank = rankFields();
        int[] termRank = rankTerms();
        arrangeTermsByRank(termRank);
        int[] fieldRank = new int[fieldByRank.length];
        for (int rank = 0; rank < fieldByRank.length; rank++) {
            fieldRank[fieldByRank[rank]] = rank;
        }
        int[] recordRank = rankRecords();
        int[] hourRank = hourRanks(recordRank);
        int hourBits = bits(hourRank[records]);
        int recordBits = bits(records);
        int termBits = bits(terms);
        int fieldBits = bits(fields.size());
        if (hourBits + termBits + fieldBits + recordBits > 63) {
            sortByComparator(termRank, fieldRank, recordRank);
            return;
        }
        // Records are ranked by (hour, seq), so the record rank stands in for seq and the whole key fits one long.
        long[] keys = new long[size];
        for (int row = 0; row < size; row++) {
            int rec = record[row];
            keys[row] = ((((long) hourRank[rec] << termBits | termRank[term[row]]) << fieldBits
                    | fieldRank[field[row]]) << recordBits) | recordRank[rec];
        }
        radixSort(keys, null, size, hourBits + termBits + fieldBits + recordBits);
        int[] recordByRank = new int[records];
        for (int rec = 0; rec < records; rec++) {
            recordByRank[recordRank[rec]] = rec;
        }
        long recordMask = (1L << recordBits) - 1;
        long fieldMask = (1L << fieldBits) - 1;
        long termMask = (1L << termBits) - 1;
        for (int i = 0; i < size; i++) {
            long key = keys[i];
            record[i] = recordByRank[(int) (key & recordMask)];
            field[i] = (int) ((key >>> recordBits) & fieldMask);
            term[i] = (int) ((key >>> (recordBits + fieldBits)) & termMask);
        }
    }

    /**
     * Sorts the first {@code size} keys as unsigned numbers of {@code bits} low bits, least significant digit first,
     * eleven bits a pass, skipping passes where every key has the same digit; {@code payload}, when given, moves
     * with its key. A part's row keys are a few tens of bits wide, so this takes four or five linear passes where a
     * comparison sort takes twenty.
     */
    private static void radixSort(long[] keys, int[] payload, int size, int bits) {
        if (size == 0) {
            return;
        }
        final int digitBits = 11;
        long[] from = keys;
        long[] to = new long[size];
        int[] fromPayload = payload;
        int[] toPayload = payload == null ? null : new int[size];
        int[] counts = new int[1 << digitBits];
        int mask = (1 << digitBits) - 1;
        for (int shift = 0; shift < bits; shift += digitBits) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < size; i++) {
                counts[(int) (from[i] >>> shift) & mask]++;
            }
            if (counts[(int) (from[0] >>> shift) & mask] == size) {
                continue;
            }
            int total = 0;
            for (int d = 0; d <= mask; d++) {
                int count = counts[d];
                counts[d] = total;
                total += count;
            }
            for (int i = 0; i < size; i++) {
                long key = from[i];
                int at = counts[(int) (key >>> shift) & mask]++;
                to[at] = key;
                if (fromPayload != null) {
                    toPayload[at] = fromPayload[i];
                }
            }
            long[] swap = from;
            from = to;
            to = swap;
            int[] swapPayload = fromPayload;
            fromPayload = toPayload;
            toPayload = swapPayload;
        }
        if (from != keys) {
            System.arraycopy(from, 0, keys, 0, size);
            if (payload != null) {
                System.arraycopy(fromPayload, 0, payload, 0, size);
            }
        }
    }

    /** Ranks of the records by (hour, seq), arrival order breaking ties; identity when records arrive that way. */
    private int[] rankRecords() {
        int[] rank = new int[records];
        boolean ordered = seqOrdered;
        for (int rec = 1; rec < records && ordered; rec++) {
            ordered = recordHour[rec - 1] <= recordHour[rec];
        }
        int[] ids = new int[records];
        for (int rec = 0; rec < records; rec++) {
            ids[rec] = rec;
        }
        if (!ordered) {
            mergeSort(ids, new int[records], 0, records, (a, b) -> {
                int byHour = Integer.compare(recordHour[a], recordHour[b]);
                return byHour != 0 ? byHour : Long.compare(recordSeq[a], recordSeq[b]);
            });
        }
        for (int r = 0; r < records; r++) {
            rank[ids[r]] = r;
        }
        return rank;
    }

    /** The rank of each record's hour among the distinct hours, and the number of distinct hours at [records]. */
    private int[] hourRanks(int[] recordRank) {
        int[] byRank = new int[records];
        for (int rec = 0; rec < records; rec++) {
            byRank[recordRank[rec]] = rec;
        }
        int[] hourRank = new int[records + 1];
        int distinct = 0;
        for (int r = 0; r < records; r++) {
            int rec = byRank[r];
            if (r > 0 && recordHour[rec] != recordHour[byRank[r - 1]]) {
                distinct++;
            }
            hourRank[rec] = distinct;
        }
        hourRank[records] = records == 0 ? 0 : distinct + 1;
        return hourRank;
    }

    /** The general path, for buffers too large to pack a row's key into a long. */
    private void sortByComparator(int[] termRank, int[] fieldRank, int[] recordRank) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[size], 0, size, (a, b) -> {
            int byHour = Integer.compare(recordHour[record[a]], recordHour[record[b]]);
            if (byHour != 0) {
                return byHour;
            }
            int byTerm = Integer.compare(termRank[term[a]], termRank[term[b]]);
            if (byTerm != 0) {
                return byTerm;
            }
            int byField = Integer.compare(fieldRank[field[a]], fieldRank[field[b]]);
            return byField != 0 ? byField : Integer.compare(recordRank[record[a]], recordRank[record[b]]);
        });
        int[] sortedField = new int[field.length];
        int[] sortedTerm = new int[term.length];
        int[] sortedRecord = new int[record.length];
        for (int i = 0; i < size; i++) {
            int row = order[i];
            sortedField[i] = fieldRank[field[row]];
            sortedTerm[i] = termRank[term[row]];
            sortedRecord[i] = record[row];
        }
        field = sortedField;
        term = sortedTerm;
        record = sortedRecord;
    }

    private static int bits(int count) {
        return count <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(count - 1);
    }

    /** Field ids in rank order. */
    private int[] rankFields() {
        Integer[] ids = new Integer[fields.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (a, b) -> Arrays.compareUnsigned(fields.get(a).getBytesUnsafe(), fields.get(b).getBytesUnsafe()));
        int[] byRank = new int[ids.length];
        for (int rank = 0; rank < ids.length; rank++) {
            byRank[rank] = ids[rank];
        }
        return byRank;
    }

    /** The rank of each term id. */
    private int[] rankTerms() {
        // The first eight bytes as an unsigned big-endian long settle most comparisons without touching the arena.
        long[] prefix = new long[terms];
        for (int id = 0; id < terms; id++) {
            prefix[id] = prefix(id, 0);
        }
        int[] ids = new int[terms];
        for (int id = 0; id < terms; id++) {
            ids[id] = id;
        }
        long[] keys = prefix.clone();
        radixSort(keys, ids, terms, 64);
        // Terms sharing their first eight bytes (IP addresses of one subnet, ARNs of one account) are ordered by
        // their next eight the same way, and only those still tied by their whole text; the terms are distinct, so
        // the order (and with it every rank) is the same whichever sort produced it.
        int[] scratch = new int[terms];
        long[] tiedKeys = new long[0];
        int[] tiedIds = new int[0];
        for (int start = 0; start < terms; ) {
            int end = start + 1;
            while (end < terms && keys[end] == keys[start]) {
                end++;
            }
            int tied = end - start;
            if (tied > 24) {
                if (tiedKeys.length < tied) {
                    tiedKeys = new long[Math.max(tied, tiedKeys.length * 2)];
                    tiedIds = new int[tiedKeys.length];
                }
                for (int i = 0; i < tied; i++) {
                    tiedIds[i] = ids[start + i];
                    tiedKeys[i] = prefix(tiedIds[i], 8);
                }
                radixSort(tiedKeys, tiedIds, tied, 64);
                System.arraycopy(tiedIds, 0, ids, start, tied);
                for (int from = 0; from < tied; ) {
                    int to = from + 1;
                    while (to < tied && tiedKeys[to] == tiedKeys[from]) {
                        to++;
                    }
                    if (to - from > 1) {
                        mergeSort(ids, scratch, start + from, start + to, this::compareTermText);
                    }
                    from = to;
                }
            } else if (tied > 1) {
                mergeSort(ids, scratch, start, end, this::compareTermText);
            }
            start = end;
        }
        int[] rank = new int[terms];
        for (int r = 0; r < terms; r++) {
            rank[ids[r]] = r;
        }
        return rank;
    }

    /**
     * Eight bytes of a term from {@code from} on as an unsigned big-endian long, zero-padded past its end. Bytes
     * compare unsigned, and a term that ends earlier sorts first, so its padding zeros keep the order of the texts.
     */
    private long prefix(int id, int from) {
        long p = 0;
        int offset = offset(id);
        int length = length(id);
        for (int i = from; i < from + 8; i++) {
            p = (p << 8) | (i < length ? arena[offset + i] & 0xff : 0);
        }
        return p;
    }

    private void arrangeTermsByRank(int[] termRank) {
        if (rankedArena.length < arenaUsed) {
            rankedArena = new byte[arena.length];
        }
        if (rankedOffset.length < terms + 1) {
            rankedOffset = new int[Math.max(terms + 1, rankedOffset.length * 2)];
        }
        // Lengths by rank first, then offsets as their running sum, then the bytes.
        for (int id = 0; id < terms; id++) {
            rankedOffset[termRank[id] + 1] = length(id);
        }
        rankedOffset[0] = 0;
        for (int r = 0; r < terms; r++) {
            rankedOffset[r + 1] += rankedOffset[r];
        }
        for (int id = 0; id < terms; id++) {
            System.arraycopy(arena, offset(id), rankedArena, rankedOffset[termRank[id]], length(id));
        }
    }

    private int compareTermText(int a, int b) {
        return Arrays.compareUnsigned(arena, offset(a), offset(a) + length(a), arena, offset(b), offset(b) + length(b));
    }

    private int offset(int id) {
        return (int) (termRef[id] >>> 32);
    }

    private int length(int id) {
        return (int) termRef[id];
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

    private void checkSorted() {
        if (!sorted) {
            throw new IllegalStateException("Term buffer read before sort()");
        }
    }

    /** The hour of the row at sorted position {@code i}. */
    int hour(int i) {
        checkSorted();
        return recordHour[record[i]];
    }

    Binary tag(int i) {
        return tags.get(recordTag[record[i]]);
    }

    Binary field(int i) {
        return fields.get(fieldByRank[field[i]]);
    }

    /**
     * The term as a view into the ranked copy of the arena. Marked constant (so Parquet keeps it without copying)
     * because that copy does not change until the next {@link #sort()}, and every writer of a part is closed before
     * the buffer is cleared.
     */
    Binary term(int i) {
        int rank = term[i];
        if (rank != cachedTermRank) {
            int offset = rankedOffset[rank];
            cachedTerm = Binary.fromConstantByteArray(rankedArena, offset, rankedOffset[rank + 1] - offset);
            cachedTermRank = rank;
        }
        return cachedTerm;
    }

    long ts(int i) {
        return recordTs[record[i]];
    }

    long seq(int i) {
        return recordSeq[record[i]];
    }

    /** Empties the buffer but keeps its arrays: the next part of a big object reuses them. */
    void clear() {
        size = 0;
        rowTermBytes = 0;
        records = 0;
        lastTagName = null;
        seqOrdered = true;
        arenaUsed = 0;
        terms = 0;
        Arrays.fill(slots, 0);
        sorted = false;
        cachedTermRank = -1;
        cachedTerm = null;
    }
}
