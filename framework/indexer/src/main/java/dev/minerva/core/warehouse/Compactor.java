package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Merges the small files of closed hours into few large sorted ones, and rewrites compacted files that still hold
 * rows of a re-indexed object. Every step leaves a state the next run finishes: a journal is written before its
 * output, the output is published before its inputs are deleted, and inputs go only after a grace period, so
 * searches never miss rows (they may briefly see a row twice, which the SQL removes by (object_id, seq)).
 * Runs must not overlap: deploy it with a concurrency of one.
 */
public final class Compactor {
    private static final List<String> TABLES = List.of(WarehouseLayout.TERMS, WarehouseLayout.MESSAGES);

    private final WarehouseStorage storage;
    private final CompactorOptions options;
    private final Clock clock;
    private final WarehouseLayoutVersion layout;

    public Compactor(WarehouseStorage storage, CompactorOptions options, Clock clock) {
        this.storage = requireNonNull(storage, "storage is null");
        this.options = requireNonNull(options, "options is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.layout = new WarehouseLayoutVersion(storage);
    }

    /** One pass: finish earlier journals, apply purge requests, compact closed hours. */
    public CompactionReport run() throws IOException {
        // Merged files are written in this code's layout: never into a warehouse of a newer one.
        layout.prepareForWriting();
        List<String> published = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> purged = new ArrayList<>();
        Pending pending = settleJournals(published, deleted);
        applyPurges(pending, published, purged);
        for (String table : TABLES) {
            compactClosedHours(table, pending, published);
        }
        return new CompactionReport(published, deleted, purged);
    }

    /**
     * Publishes any output a crash left unwritten; deletes inputs whose replacement is older than the grace period.
     * Returns the keys still named by journals, which later steps must not plan again.
     */
    private Pending settleJournals(List<String> published, List<String> deleted) throws IOException {
        Pending pending = new Pending();
        Instant graceEnd = clock.instant().minus(options.grace());
        for (StoredObject journalObject : storage.list(WarehouseLayout.COMPACTION + "/")) {
            CompactionJournal journal = CompactionJournal.fromJson(storage.readAll(journalObject.key()));
            Optional<StoredObject> output = storage.stat(journal.output());
            if (output.isEmpty()) {
                if (build(journal, deleted)) {
                    published.add(journal.output());
                    pending.add(journal);
                }
            } else if (!output.get().lastModified().isAfter(graceEnd)) {
                for (String input : journal.inputs()) {
                    storage.delete(input);
                    deleted.add(input);
                }
                storage.delete(journalObject.key());
            } else {
                pending.add(journal);
            }
        }
        return pending;
    }

    private void applyPurges(Pending pending, List<String> published, List<String> purged) throws IOException {
        for (StoredObject requestObject : storage.list(WarehouseLayout.PURGES + "/")) {
            PurgeRequest request = PurgeRequest.fromJson(storage.readAll(requestObject.key()));
            for (String table : TABLES) {
                for (int hour : request.epochHours()) {
                    for (StoredObject file : storage.list(WarehouseLayout.hourPrefix(table, hour))) {
                        // Inputs of a journal are deleted anyway; its output is an ordinary file checked here.
                        if (pending.inputs.contains(file.key()) || !objectIds(file.key()).contains(request.objectId())) {
                            continue;
                        }
                        CompactionJournal journal = CompactionJournal.plan(table, hour, List.of(file.key()),
                                List.of(request.objectId()));
                        start(journal, pending, published);
                    }
                }
            }
            storage.delete(requestObject.key());
            purged.add(request.objectId());
        }
    }

    private void compactClosedHours(String table, Pending pending, List<String> published) throws IOException {
        Instant now = clock.instant();
        Map<Integer, List<StoredObject>> hours = new TreeMap<>();
        for (StoredObject file : storage.list(table + "/")) {
            Optional<Integer> hour = WarehouseLayout.hourOf(file.key());
            if (hour.isEmpty() || pending.contains(file.key()) || file.size() >= options.targetBytes() / 2) {
                continue;
            }
            Instant closedAt = WarehouseLayout.hourStart(hour.get()).plus(Duration.ofHours(1)).plus(options.closedLag());
            if (!closedAt.isAfter(now)) {
                hours.computeIfAbsent(hour.get(), h -> new ArrayList<>()).add(file);
            }
        }
        for (Map.Entry<Integer, List<StoredObject>> hour : hours.entrySet()) {
            List<String> bin = new ArrayList<>();
            long binBytes = 0;
            for (StoredObject file : hour.getValue()) {
                if (!bin.isEmpty() && binBytes + file.size() > options.targetBytes()) {
                    startIfWorthIt(table, hour.getKey(), bin, pending, published);
                    bin = new ArrayList<>();
                    binBytes = 0;
                }
                bin.add(file.key());
                binBytes += file.size();
            }
            startIfWorthIt(table, hour.getKey(), bin, pending, published);
        }
    }

    private void startIfWorthIt(String table, int hour, List<String> bin, Pending pending,
            List<String> published) throws IOException {
        if (bin.size() >= 2) {
            start(CompactionJournal.plan(table, hour, bin, List.of()), pending, published);
        }
    }

    /** Journal first, then the output: a crash in between leaves a journal the next run completes. */
    private void start(CompactionJournal journal, Pending pending, List<String> published) throws IOException {
        storage.put(journal.key(), journal.toJson());
        pending.add(journal);
        if (build(journal, new ArrayList<>())) {
            published.add(journal.output());
        }
    }

    /**
     * Writes the journal's output. When no row survives (the inputs are gone, or held only excluded objects) there
     * is nothing to publish: the remaining inputs are outdated, so they and the journal are deleted at once.
     */
    private boolean build(CompactionJournal journal, List<String> deleted) throws IOException {
        Optional<WrittenFile> output;
        try (StagedFile staged = storage.create(journal.output())) {
            output = SortedParquetMerge.merge(storage, journal.table(), journal.inputs(),
                    Set.copyOf(journal.excludedObjectIds()), staged, options.files());
        }
        if (output.isPresent()) {
            return true;
        }
        for (String input : journal.inputs()) {
            storage.delete(input);
            deleted.add(input);
        }
        storage.delete(journal.key());
        return false;
    }

    private Set<String> objectIds(String key) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(storage, key))) {
            String ids = reader.getFooter().getFileMetaData().getKeyValueMetaData()
                    .getOrDefault(WarehouseLayout.OBJECT_IDS_KEY, "");
            return new HashSet<>(List.of(ids.split(",")));
        }
    }

    /** Keys named by journals not yet settled: they are neither planned again nor purged as inputs. */
    private static final class Pending {
        final Set<String> inputs = new HashSet<>();
        final Set<String> outputs = new HashSet<>();

        void add(CompactionJournal journal) {
            inputs.addAll(journal.inputs());
            outputs.add(journal.output());
        }

        boolean contains(String key) {
            return inputs.contains(key) || outputs.contains(key);
        }
    }
}
