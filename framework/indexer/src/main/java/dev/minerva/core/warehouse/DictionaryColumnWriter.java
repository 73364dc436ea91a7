package dev.minerva.core.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.api.Binary;

/**
 * Dictionary encoding of one column chunk of a term row group (tag, field, object_id, ts, seq), falling back to a
 * delta encoding as parquet-java's own dictionary writer does: when the dictionary outgrows its page, or when the
 * first page shows it does not pay. The pages are the same: the ids as a bit width and RLE/bit-packed runs
 * (RLE_DICTIONARY), the dictionary as PLAIN values.
 *
 * <p>It exists for speed. parquet-java looks every value up in a hash map that hashes a binary value byte by byte,
 * and grows a fresh map in every row group. Term rows repeat their tag and object id row after row, so a value that
 * is the same instance as the previous one reuses its id without a lookup, and the map of longs here is a flat
 * open-addressing table.
 */
final class DictionaryColumnWriter extends ValuesWriter {
    private static final ByteBufferAllocator ALLOCATOR = HeapByteBufferAllocator.getInstance();
    private static final int MIN_SLAB = 64;

    private final int maxDictionaryBytes;
    private final int pageBytes;
    private final ValuesWriter fallback;

    // Binary dictionary: values by id, and ids by value.
    private final Map<Binary, Integer> binaryIds = new HashMap<>();
    private final List<Binary> binaryValues = new ArrayList<>();
    private Binary lastBinary;
    private int lastBinaryId;
    // Long dictionary: an open-addressing table of value -> id + 1 (0 marks a free slot), and values by id.
    private long[] longSlotsKeys = new long[0];
    private int[] longSlotIds = new int[0];
    private long[] longValues = new long[16];

    private int dictionarySize;
    private long dictionaryBytes;
    // Entries the pages written so far refer to; the dictionary page holds exactly these.
    private int usedDictionarySize;

    private int[] ids = new int[1024];
    private int count;
    private long rawBytes;
    private boolean firstPage = true;
    private boolean fellBack;
    private final List<RunLengthBitPackingHybridEncoder> encoders = new ArrayList<>();

    /**
     * @param maxDictionaryBytes the dictionary size beyond which the column falls back
     * @param pageBytes the page size, a bound on the encoders' buffers
     * @param fallback the encoding used when the dictionary does not fit or does not pay
     */
    DictionaryColumnWriter(int maxDictionaryBytes, int pageBytes, ValuesWriter fallback) {
        this.maxDictionaryBytes = maxDictionaryBytes;
        this.pageBytes = pageBytes;
        this.fallback = fallback;
    }

    @Override
    public void writeBytes(Binary value) {
        rawBytes += Integer.BYTES + value.length();
        if (fellBack) {
            fallback.writeBytes(value);
            return;
        }
        int id;
        // A reused buffer may hold another value next time: only an unchanging instance may skip the lookup.
        if (value == lastBinary) {
            id = lastBinaryId;
        } else {
            Integer known = binaryIds.get(value);
            if (known == null) {
                Binary copy = value.copy();
                id = dictionarySize++;
                binaryIds.put(copy, id);
                binaryValues.add(copy);
                dictionaryBytes += Integer.BYTES + value.length();
            } else {
                id = known;
            }
            if (!value.isBackingBytesReused()) {
                lastBinary = value;
                lastBinaryId = id;
            }
        }
        append(id);
    }

    @Override
    public void writeLong(long value) {
        rawBytes += Long.BYTES;
        if (fellBack) {
            fallback.writeLong(value);
            return;
        }
        if (dictionarySize * 2 >= longSlotIds.length) {
            growLongSlots();
        }
        int mask = longSlotIds.length - 1;
        int slot = mix(value) & mask;
        int id;
        while (true) {
            int stored = longSlotIds[slot];
            if (stored == 0) {
                id = dictionarySize++;
                longSlotsKeys[slot] = value;
                longSlotIds[slot] = id + 1;
                if (id == longValues.length) {
                    longValues = Arrays.copyOf(longValues, id * 2);
                }
                longValues[id] = value;
                dictionaryBytes += Long.BYTES;
                break;
            }
            if (longSlotsKeys[slot] == value) {
                id = stored - 1;
                break;
            }
            slot = (slot + 1) & mask;
        }
        append(id);
    }

    private static int mix(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void growLongSlots() {
        int capacity = Math.max(64, longSlotIds.length * 2);
        long[] keys = new long[capacity];
        int[] slotIds = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < longSlotIds.length; i++) {
            if (longSlotIds[i] != 0) {
                int slot = mix(longSlotsKeys[i]) & mask;
                while (slotIds[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = longSlotsKeys[i];
                slotIds[slot] = longSlotIds[i];
            }
        }
        longSlotsKeys = keys;
        longSlotIds = slotIds;
    }

    private void append(int id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        if (dictionaryBytes > maxDictionaryBytes) {
            fallBack();
        }
    }

    /** Moves the current page's values to the fallback encoding, which takes every later value too. */
    private void fallBack() {
        fellBack = true;
        for (int i = 0; i < count; i++) {
            writeValueTo(fallback, ids[i]);
        }
        count = 0;
    }

    private void writeValueTo(ValuesWriter writer, int id) {
        if (binaryValues.isEmpty()) {
            writer.writeLong(longValues[id]);
        } else {
            writer.writeBytes(binaryValues.get(id));
        }
    }

    @Override
    public long getBufferedSize() {
        // The plain size of the page's values, encoded or not, as parquet-java counts it to decide when a page is
        // full: a page that falls back is then no larger than its plain values.
        return rawBytes;
    }

    @Override
    public BytesInput getBytes() {
        if (!fellBack && firstPage) {
            BytesInput encoded = encodeIds();
            // The first page decides, as in parquet-java: the dictionary must make the page smaller than plain values.
            if (encoded.size() + dictionaryBytes < rawBytes) {
                usedDictionarySize = dictionarySize;
                return encoded;
            }
            fallBack();
            return fallback.getBytes();
        }
        if (fellBack) {
            return fallback.getBytes();
        }
        usedDictionarySize = dictionarySize;
        return encodeIds();
    }

    private BytesInput encodeIds() {
        int bitWidth = BytesUtils.getWidthFromMaxInt(Math.max(0, dictionarySize - 1));
        RunLengthBitPackingHybridEncoder encoder =
                new RunLengthBitPackingHybridEncoder(bitWidth, MIN_SLAB, pageBytes, ALLOCATOR);
        encoders.add(encoder);
        try {
            for (int i = 0; i < count; i++) {
                encoder.writeInt(ids[i]);
            }
            return BytesInput.concat(BytesInput.from(new byte[] {(byte) bitWidth}), encoder.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Encoding getEncoding() {
        return fellBack ? fallback.getEncoding() : Encoding.RLE_DICTIONARY;
    }

    @Override
    public void reset() {
        if (fellBack) {
            fallback.reset();
        }
        count = 0;
        rawBytes = 0;
        firstPage = false;
    }

    @Override
    public DictionaryPage toDictPageAndClose() {
        if (usedDictionarySize == 0) {
            return null;
        }
        PlainValuesWriter plain = new PlainValuesWriter(MIN_SLAB, maxDictionaryBytes, ALLOCATOR);
        for (int id = 0; id < usedDictionarySize; id++) {
            writeValueTo(plain, id);
        }
        try {
            return new DictionaryPage(BytesInput.copy(plain.getBytes()), usedDictionarySize, Encoding.PLAIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            plain.close();
        }
    }

    @Override
    public void resetDictionary() {
        binaryIds.clear();
        binaryValues.clear();
        lastBinary = null;
        Arrays.fill(longSlotIds, 0);
        dictionarySize = 0;
        dictionaryBytes = 0;
        usedDictionarySize = 0;
    }

    @Override
    public long getAllocatedSize() {
        return ids.length * 4L + (fellBack ? fallback.getAllocatedSize() : 0);
    }

    @Override
    public void close() {
        for (RunLengthBitPackingHybridEncoder encoder : encoders) {
            encoder.close();
        }
        encoders.clear();
        fallback.close();
    }

    @Override
    public String memUsageString(String prefix) {
        return prefix + " dictionary " + dictionarySize + " entries, " + dictionaryBytes + " bytes";
    }
}
