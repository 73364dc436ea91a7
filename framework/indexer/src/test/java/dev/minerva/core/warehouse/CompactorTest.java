package dev.minerva.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final CompactorOptions OPTIONS = new CompactorOptions(Duration.ofHours(2), Duration.ofMinutes(30),
            128L << 20, WarehouseOptions.defaults());

    @TempDir
    Path root;
    LocalWarehouseStorage storage;
    Warehouse warehouse;

    @BeforeEach
    void indexThreeObjectsInSmallParts() throws Exception {
        storage = new LocalWarehouseStorage(root);
        warehouse = new Warehouse(storage, WarehouseOptions.defaults().withTermBuffer(10, 1 << 20),
                Clock.fixed(NOW, ZoneOffset.UTC));
        for (String name : List.of("a", "b", "c")) {
            WarehouseWriteTest.indexSample(warehouse, new SourceObject(URI.create("s3://logs/" + name), "v1"), 12);
        }
    }

    private Compactor compactorAt(Instant now) {
        // The grace period runs from the file's real modification time, so tests move their clock past it.
        return new Compactor(storage, OPTIONS, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Instant later() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    private String terms() {
        return "read_parquet('" + root + "/terms/*/*.parquet', hive_partitioning=true, filename=true)";
    }

    private String messages() {
        return "read_parquet('" + root + "/messages/*/*.parquet', hive_partitioning=true, filename=true)";
    }

    /** The search-side view: rows deduplicated on their identity, whatever overlap compaction leaves. */
    private List<List<Object>> dedupedTerms(DuckDb db) throws Exception {
        return db.query("SELECT dt, tag, field, term, ts, object_id, seq FROM " + terms()
                + " QUALIFY row_number() OVER (PARTITION BY object_id, seq, field, term ORDER BY filename) = 1"
                + " ORDER BY dt, term, field, object_id, seq");
    }

    private List<List<Object>> dedupedMessages(DuckDb db) throws Exception {
        return db.query("SELECT DISTINCT ON (object_id, seq) dt, tag, ts, object_id, seq, source, message FROM "
                + messages() + " ORDER BY object_id, seq");
    }

    @Test
    void compactionMergesEachHourIntoOneSortedFileWithIdenticalContent() throws Exception {
        try (DuckDb db = new DuckDb()) {
            List<List<Object>> termsBefore = dedupedTerms(db);
            List<List<Object>> messagesBefore = dedupedMessages(db);
            long rowsBefore = (Long) db.single("SELECT count(*) FROM " + terms());
            assertThat(storage.list("terms/dt=2020-10-01-06/").size()).isGreaterThan(3);

            CompactionReport first = compactorAt(NOW).run();
            assertThat(first.published()).hasSize(4); // two hours, two tables
            assertThat(first.deleted()).isEmpty();
            // Overlap window: small files and their replacement are both visible; identity dedup hides it.
            assertThat((Long) db.single("SELECT count(*) FROM " + terms())).isEqualTo(2 * rowsBefore);
            assertThat(dedupedTerms(db)).isEqualTo(termsBefore);
            assertThat(dedupedMessages(db)).isEqualTo(messagesBefore);

            CompactionReport second = compactorAt(later()).run();
            assertThat(second.published()).isEmpty();
            assertThat(storage.list("terms/dt=2020-10-01-06/")).singleElement()
                    .satisfies(file -> assertThat(file.key()).contains("/compacted-"));
            assertThat(storage.list("messages/dt=2020-10-01-05/")).hasSize(1);
            assertThat(storage.list("compaction/")).isEmpty();
            assertThat((Long) db.single("SELECT count(*) FROM " + terms())).isEqualTo(rowsBefore);
            assertThat(dedupedTerms(db)).isEqualTo(termsBefore);
            assertThat(dedupedMessages(db)).isEqualTo(messagesBefore);
            assertThat(db.single("SELECT count(*) FROM (SELECT term, field, object_id, seq, lag(term) OVER w AS pt,"
                    + " lag(field) OVER w AS pf, lag(object_id) OVER w AS po, lag(seq) OVER w AS ps FROM read_parquet('"
                    + root + "/terms/*/*.parquet', filename=true, file_row_number=true)"
                    + " WINDOW w AS (PARTITION BY filename ORDER BY file_row_number))"
                    + " WHERE pt IS NOT NULL AND (pt, pf, po, ps) > (term, field, object_id, seq)")).isEqualTo(0L);

            assertThat(compactorAt(later()).run()).isEqualTo(new CompactionReport(List.of(), List.of(), List.of()));
        }
    }

    @Test
    void openHoursAreLeftAlone() throws Exception {
        CompactionReport report = compactorAt(Instant.parse("2020-10-01T07:30:00Z")).run();
        assertThat(report.published()).isEmpty();
    }

    @Test
    void aCrashAfterTheJournalIsCompletedByTheNextRun() throws Exception {
        List<String> inputs = storage.list("terms/dt=2020-10-01-06/").stream().map(StoredObject::key).toList();
        CompactionJournal journal = CompactionJournal.plan(WarehouseLayout.TERMS,
                WarehouseLayout.hourOf(inputs.get(0)).orElseThrow(), inputs, List.of());
        storage.put(journal.key(), journal.toJson()); // the crash: journal written, output never published
        try (DuckDb db = new DuckDb()) {
            List<List<Object>> before = dedupedTerms(db);

            CompactionReport recovered = compactorAt(NOW).run();
            assertThat(recovered.published()).contains(journal.output());
            assertThat(storage.exists(journal.output())).isTrue();
            assertThat(dedupedTerms(db)).isEqualTo(before);

            // Second crash: the cleanup removed one input and died; the next run finishes the rest.
            storage.delete(inputs.get(0));
            compactorAt(later()).run();
            compactorAt(later()).run();
            assertThat(storage.list("terms/dt=2020-10-01-06/")).extracting(StoredObject::key)
                    .containsExactly(journal.output());
            assertThat(storage.list("compaction/")).isEmpty();
            assertThat(dedupedTerms(db)).isEqualTo(before);
            assertThat(db.single("SELECT count(*) FROM " + terms())).isEqualTo((long) before.size());
        }
    }

    @Test
    void reindexingAnObjectAfterCompactionRemovesItsOldRowsFromCompactedFiles() throws Exception {
        compactorAt(NOW).run();
        compactorAt(later()).run();
        URI location = URI.create("s3://logs/b");
        String oldId = new SourceObject(location, "v1").objectId();
        SourceObject changed = new SourceObject(location, "v2");
        WarehouseWriteTest.indexSample(warehouse, changed, 3);
        assertThat(storage.list("purges/")).hasSize(1);

        CompactionReport purge = compactorAt(later()).run();
        assertThat(purge.purged()).containsExactly(oldId);
        compactorAt(later()).run();
        compactorAt(later()).run();
        try (DuckDb db = new DuckDb()) {
            assertThat(db.query("SELECT DISTINCT object_id FROM " + terms() + " ORDER BY 1")).extracting(r -> r.get(0))
                    .doesNotContain(oldId).contains(changed.objectId()).hasSize(3);
            assertThat(db.single("SELECT count(*) FROM " + messages() + " WHERE object_id = '" + oldId + "'"))
                    .isEqualTo(0L);
            assertThat(db.single("SELECT count(*) FROM " + messages())).isEqualTo(12L + 12L + 3L);
        }
        assertThat(storage.list("purges/")).isEmpty();
        assertThat(storage.list("compaction/")).isEmpty();
    }
}
