package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.Position;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.parquet.io.api.Binary;

/**
 * The rows of one object on their way into the warehouse. Terms are buffered within fixed bounds and written as
 * sorted parts; messages stream into one open writer per hour, a bounded number at once. {@link #commit()} writes
 * the manifest last, so an object without a current manifest is simply indexed again.
 */
public final class ObjectOutput implements AutoCloseable {
    private final WarehouseStorage storage;
    private final WarehouseOptions options;
    private final SourceObject object;
    private final Optional<ObjectManifest> previous;
    private final Clock clock;
    private final String objectId;
    private final Binary objectIdBinary;
    private final Binary sourceBinary;
    private final SortedSet<String> objectIds;
    private final TermBuffer terms;
    private final Map<Integer, Integer> nextTermPart = new HashMap<>();
    private final Map<Integer, Integer> nextMessagePart = new HashMap<>();
    // Access order: the least recently used hour is the one closed when too many are open.
    private final LinkedHashMap<Integer, ParquetMessageWriter> messageWriters = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Binary> tagBinaries = new HashMap<>();
    private final List<WrittenFile> written = new ArrayList<>();
    private ParquetRejectWriter rejectWriter;
    private long lastSeq = Long.MIN_VALUE;
    private long lastTermSeq = Long.MIN_VALUE;
    private long records;
    private long termRows;
    private long rejects;
    private boolean done;

    ObjectOutput(WarehouseStorage storage, WarehouseOptions options, SourceObject object,
            Optional<ObjectManifest> previous, Clock clock) {
        this.storage = requireNonNull(storage, "storage is null");
        this.options = requireNonNull(options, "options is null");
        this.object = requireNonNull(object, "object is null");
        this.previous = requireNonNull(previous, "previous is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.objectId = object.objectId();
        this.objectIdBinary = utf8(objectId);
        this.sourceBinary = utf8(object.location().toString());
        this.objectIds = new TreeSet<>(Set.of(objectId));
        this.terms = new TermBuffer(options.termBufferRows(), options.termBufferBytes());
    }

    public String objectId() {
        return objectId;
    }

    /** One record as JSON text; seq must increase from call to call (records arrive in object order). */
    public void message(String tag, Instant ts, long seq, String json) throws IOException {
        requireNonNull(json, "json is null");
        message(tag, ts, seq, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One record as UTF-8 JSON, which the caller hands over and must not change afterwards; seq must increase from
     * call to call (records arrive in object order).
     */
    public void message(String tag, Instant ts, long seq, byte[] utf8Json) throws IOException {
        requireNonNull(tag, "tag is null");
        requireNonNull(ts, "ts is null");
        requireNonNull(utf8Json, "utf8Json is null");
        if (seq <= lastSeq) {
            throw new MinervaException(ErrorKind.INTERNAL,
                    "Messages of " + object.location() + " out of order: seq " + seq + " after " + lastSeq);
        }
        lastSeq = seq;
        long millis = ts.toEpochMilli();
        int hour = WarehouseLayout.epochHour(millis);
        ParquetMessageWriter writer = messageWriters.get(hour);
        if (writer == null) {
            if (messageWriters.size() >= options.maxOpenMessageHours()) {
                Iterator<ParquetMessageWriter> eldest = messageWriters.values().iterator();
                written.add(eldest.next().finish());
                eldest.remove();
            }
            int part = nextMessagePart.merge(hour, 1, Integer::sum) - 1;
            writer = new ParquetMessageWriter(
                    storage.create(WarehouseLayout.partKey(WarehouseLayout.MESSAGES, hour, objectId, part)),
                    options, objectIds);
            messageWriters.put(hour, writer);
        }
        writer.write(tagBinaries.computeIfAbsent(tag, ObjectOutput::utf8), millis, objectIdBinary, seq,
                sourceBinary, Binary.fromConstantByteArray(utf8Json));
        records++;
    }

    /**
     * The same bytes as {@link Binary#fromString}, but array-backed: Parquet hashes and compares every value it
     * writes, and over a byte array rather than a ByteBuffer view that is several times cheaper.
     */
    private static Binary utf8(String text) {
        return Binary.fromConstantByteArray(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One (field, term) of a record; a record's terms come together, repeats within a record are dropped. */
    public void term(String tag, String field, String term, Instant ts, long seq) throws IOException {
        requireNonNull(tag, "tag is null");
        requireNonNull(field, "field is null");
        requireNonNull(term, "term is null");
        long millis = ts.toEpochMilli();
        // Parts break only between records, so every repeat of a record's (field, term) lands in one sorted part
        // where the writer drops it; the bound is exceeded by at most one record's terms.
        if (seq != lastTermSeq && terms.isFull()) {
            flushTerms();
        }
        lastTermSeq = seq;
        terms.add(WarehouseLayout.epochHour(millis), tag, field, term, millis, seq);
    }

    /** An entry the format could not parse; the excerpt is cut to the configured bound. */
    public void reject(Position position, String reason, String excerpt) throws IOException {
        requireNonNull(position, "position is null");
        if (rejectWriter == null) {
            LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            rejectWriter = new ParquetRejectWriter(storage.create(WarehouseLayout.rejectKey(day, objectId)), options);
        }
        rejectWriter.write(objectId, object.location().toString(), position.line(), position.record(), reason,
                excerpt, clock.millis());
        rejects++;
    }

    private void flushTerms() throws IOException {
        if (terms.isEmpty()) {
            return;
        }
        terms.sort();
        int size = terms.size();
        int start = 0;
        while (start < size) {
            int hour = terms.hour(start);
            int end = start;
            while (end < size && terms.hour(end) == hour) {
                end++;
            }
            int part = nextTermPart.merge(hour, 1, Integer::sum) - 1;
            try (ParquetTermWriter writer = new ParquetTermWriter(
                    storage.create(WarehouseLayout.partKey(WarehouseLayout.TERMS, hour, objectId, part)),
                    options, objectIds)) {
                for (int i = start; i < end; i++) {
                    writer.write(terms.tag(i), terms.field(i), terms.term(i), terms.ts(i), objectIdBinary, terms.seq(i));
                }
                termRows += writer.rows();
                written.add(writer.finish());
            }
            start = end;
        }
        terms.clear();
    }

    /**
     * Publishes the remaining parts, retires the previous version, then writes the manifest. Order: new files
     * first (readers briefly see both versions, never neither), then a purge request and deletion of the old
     * version's files, the manifest last: a crash anywhere leaves the old manifest, so the object is indexed again
     * and every step repeats harmlessly (same names, deletes of missing files are no-ops).
     */
    public ObjectManifest commit() throws IOException {
        if (done) {
            throw new IllegalStateException("Object output already finished: " + object.location());
        }
        flushTerms();
        for (ParquetMessageWriter writer : messageWriters.values()) {
            written.add(writer.finish());
        }
        messageWriters.clear();
        if (rejectWriter != null) {
            written.add(rejectWriter.finish());
        }
        done = true;
        ObjectManifest manifest = new ObjectManifest(object.location(), object.version(), objectId,
                List.copyOf(written), records, termRows, rejects, clock.instant());
        if (previous.isPresent()) {
            retire(previous.get(), manifest);
        }
        storage.put(WarehouseLayout.manifestKey(object.locationKey()), manifest.toJson());
        return manifest;
    }

    private void retire(ObjectManifest old, ObjectManifest current) throws IOException {
        Set<String> keep = new java.util.HashSet<>();
        current.files().forEach(file -> keep.add(file.key()));
        if (!old.objectId().equals(current.objectId())) {
            // Old rows may already sit inside compacted files, which only the compactor rewrites.
            TreeSet<Integer> hours = new TreeSet<>();
            for (WrittenFile file : old.files()) {
                WarehouseLayout.hourOf(file.key()).ifPresent(hours::add);
            }
            PurgeRequest purge = new PurgeRequest(old.objectId(), List.copyOf(hours));
            storage.put(purge.key(), purge.toJson());
        }
        for (WrittenFile file : old.files()) {
            if (!keep.contains(file.key())) {
                storage.delete(file.key());
            }
        }
    }

    /** Abandons the object: open parts are discarded, no manifest is written. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        for (ParquetMessageWriter writer : messageWriters.values()) {
            writer.close();
        }
        if (rejectWriter != null) {
            rejectWriter.close();
        }
    }
}
