package dev.minerva.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.spi.Position;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseWriteTest {
    private static final Instant T0 = Instant.parse("2020-10-01T05:59:58.123Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    static void indexSample(Warehouse warehouse, SourceObject object, int records) throws Exception {
        try (ObjectOutput out = warehouse.beginObject(object)) {
            for (int seq = 1; seq <= records; seq++) {
                Instant ts = T0.plusSeconds(seq - 1);
                String ip = "10.0.0." + (seq % 7);
                out.message("vpcflow", ts, seq, "{\"srcaddr\":\"" + ip + "\",\"n\":" + seq + "}");
                out.term("vpcflow", "srcaddr", ip, ts, seq);
                out.term("vpcflow", "action", seq % 2 == 0 ? "ACCEPT" : "REJECT", ts, seq);
                out.term("vpcflow", "srcaddr", ip, ts, seq); // a repeat inside one record is dropped
                out.term("vpcflow", "n", Integer.toString(seq), ts, seq);
            }
            out.commit();
        }
    }

    @Test
    void termsAreReadableByDuckDbWithHourFromPathSortedAndDeduplicated() throws Exception {
        Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(root), WarehouseOptions.defaults(), CLOCK);
        SourceObject object = new SourceObject(URI.create("s3://logs/a.log.gz"), "etag-1");
        indexSample(warehouse, object, 5);

        try (DuckDb db = new DuckDb()) {
            String terms = "read_parquet('" + root + "/terms/*/*.parquet', hive_partitioning=true)";
            assertThat(db.single("SELECT count(*) FROM " + terms)).isEqualTo(15L);
            assertThat(db.query("SELECT DISTINCT dt FROM " + terms + " ORDER BY dt"))
                    .containsExactly(List.of("2020-10-01-05"), List.of("2020-10-01-06"));
            // Within each file, rows follow (term, field, object_id, seq).
            List<List<Object>> outOfOrder = db.query("SELECT filename, n FROM (SELECT filename, file_row_number AS n,"
                    + " lag(term) OVER w AS pt, lag(field) OVER w AS pf, lag(seq) OVER w AS ps, term, field, seq FROM"
                    + " read_parquet('" + root + "/terms/*/*.parquet', filename=true, file_row_number=true)"
                    + " WINDOW w AS (PARTITION BY filename ORDER BY file_row_number))"
                    + " WHERE pt IS NOT NULL AND (pt, pf, ps) > (term, field, seq)");
            assertThat(outOfOrder).isEmpty();
            Object ts = db.single("SELECT ts FROM " + terms + " WHERE term = '10.0.0.1' AND seq = 1");
            assertThat(((OffsetDateTime) ts).toInstant()).isEqualTo(T0);
            assertThat(db.single("SELECT count(*) FROM " + terms + " WHERE term = 'ACCEPT' AND dt = '2020-10-01-06'"))
                    .isEqualTo(1L); // seq 2 falls in hour 05, seq 4 in hour 06
            assertThat(db.query("SELECT name FROM parquet_schema('" + root + "/terms/*/*.parquet')"))
                    .extracting(row -> row.get(0)).doesNotContain("dt");
        }
    }

    @Test
    void rowGroupsAreBoundedByRowsWithABloomFilterSizedForEachAndNoMessageStatistics() throws Exception {
        WarehouseOptions options = WarehouseOptions.defaults().withRowGroupRows(4, 3);
        Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(root), options, CLOCK);
        indexSample(warehouse, new SourceObject(URI.create("s3://logs/a.log.gz"), "etag-1"), 10);
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        int blocks = 0;
        for (StoredObject file : storage.list("terms/")) {
            try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(storage, file.key()))) {
                assertThat(reader.getFooter().getBlocks())
                        .allSatisfy(block -> assertThat(block.getRowCount()).isLessThanOrEqualTo(4));
                blocks += reader.getFooter().getBlocks().size();
                for (BlockMetaData block : reader.getFooter().getBlocks()) {
                    ColumnChunkMetaData term = block.getColumns().stream()
                            .filter(c -> c.getPath().toDotString().equals("term")).findFirst().orElseThrow();
                    // The smallest candidate fits a handful of terms; a fixed NDV would give every row group 64 KB.
                    assertThat(reader.readBloomFilter(term).getBitsetSize()).isLessThanOrEqualTo(4096);
                }
            }
        }
        assertThat(blocks).as("30 term rows in row groups of at most 4").isGreaterThanOrEqualTo(8);
        blocks = 0;
        for (StoredObject file : storage.list("messages/")) {
            try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(storage, file.key()))) {
                assertThat(reader.getFooter().getBlocks())
                        .allSatisfy(block -> assertThat(block.getRowCount()).isLessThanOrEqualTo(3));
                blocks += reader.getFooter().getBlocks().size();
                for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
                    boolean keyed = !column.getPath().toDotString().equals("message")
                            && !column.getPath().toDotString().equals("source");
                    assertThat(column.getStatistics().isEmpty()).as(column.getPath().toDotString()).isEqualTo(!keyed);
                }
            }
        }
        assertThat(blocks).as("10 messages in row groups of at most 3").isGreaterThanOrEqualTo(4);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.single("SELECT count(*) FROM read_parquet('" + root + "/terms/*/*.parquet') WHERE term = '10.0.0.3'"))
                    .isEqualTo(2L);
        }
    }

    @Test
    void termFilesCarryZstdStatisticsAndATermBloomFilter() throws Exception {
        Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(root), WarehouseOptions.defaults(), CLOCK);
        indexSample(warehouse, new SourceObject(URI.create("s3://logs/a.log.gz"), "etag-1"), 5);
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        StoredObject file = storage.list("terms/").get(0);
        try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(storage, file.key()))) {
            BlockMetaData block = reader.getFooter().getBlocks().get(0);
            for (ColumnChunkMetaData column : block.getColumns()) {
                assertThat(column.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
                String name = column.getPath().toDotString();
                // Statistics where a search filters term files: the term, the time window and the tag.
                if (name.equals("term") || name.equals("ts") || name.equals("tag")) {
                    assertThat(column.getStatistics().isEmpty()).as(name).isFalse();
                }
                if (name.equals("term")) {
                    assertThat(reader.readBloomFilter(column)).isNotNull();
                    assertThat(reader.readBloomFilter(column).findHash(
                            reader.readBloomFilter(column).hash(org.apache.parquet.io.api.Binary.fromString("ACCEPT"))))
                            .isTrue();
                }
            }
            assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
                    .containsKey(WarehouseLayout.OBJECT_IDS_KEY);
        }
        try (DuckDb db = new DuckDb()) {
            List<List<Object>> meta = db.query("SELECT path_in_schema, compression, bloom_filter_offset IS NOT NULL"
                    + " FROM parquet_metadata('" + root + "/" + file.key() + "') WHERE path_in_schema = 'term'");
            assertThat(meta).containsExactly(List.of("term", "ZSTD", true));
        }
    }

    @Test
    void messagesAndRejectsAreWrittenAndTheManifestListsEveryFile() throws Exception {
        Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(root), WarehouseOptions.defaults(), CLOCK);
        SourceObject object = new SourceObject(URI.create("s3://logs/b.log.gz"), "etag-1");
        ObjectManifest manifest;
        try (ObjectOutput out = warehouse.beginObject(object)) {
            out.message("t", T0, 1, "{\"a\":1}");
            out.reject(new Position(2, 2), "not JSON", "x".repeat(5000));
            out.message("t", T0.plusSeconds(3), 3, "{\"a\":3}");
            manifest = out.commit();
        }
        assertThat(manifest.records()).isEqualTo(2);
        assertThat(manifest.rejects()).isEqualTo(1);
        assertThat(manifest.files()).extracting(WrittenFile::key).containsExactly(
                "messages/dt=2020-10-01-05/" + object.objectId() + "-00000.parquet",
                "messages/dt=2020-10-01-06/" + object.objectId() + "-00000.parquet",
                "rejects/dt=2026-11-28/" + object.objectId() + ".parquet");
        assertThat(warehouse.isIndexed(object)).isTrue();
        assertThat(warehouse.isIndexed(new SourceObject(object.location(), "etag-2"))).isFalse();
        assertThat(warehouse.manifest(object.location())).contains(manifest);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.query("SELECT dt, seq, source, message FROM read_parquet('" + root
                    + "/messages/*/*.parquet', hive_partitioning=true) ORDER BY seq")).containsExactly(
                    List.of("2020-10-01-05", 1L, "s3://logs/b.log.gz", "{\"a\":1}"),
                    List.of("2020-10-01-06", 3L, "s3://logs/b.log.gz", "{\"a\":3}"));
            assertThat(db.query("SELECT line, record, reason, length(excerpt) FROM read_parquet('" + root
                    + "/rejects/*/*.parquet')")).containsExactly(List.of(2L, 2L, "not JSON", 1024L));
        }
    }

    @Test
    void reindexingTheSameVersionRewritesTheSameFilesWithTheSameBytes() throws Exception {
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        Warehouse warehouse = new Warehouse(storage, WarehouseOptions.defaults().withTermBuffer(4, 1 << 20), CLOCK);
        SourceObject object = new SourceObject(URI.create("s3://logs/a.log.gz"), "etag-1");
        indexSample(warehouse, object, 5);
        Map<String, byte[]> first = contents(storage, "terms/");
        first.putAll(contents(storage, "messages/"));
        indexSample(warehouse, object, 5);
        Map<String, byte[]> second = contents(storage, "terms/");
        second.putAll(contents(storage, "messages/"));
        assertThat(second.keySet()).isEqualTo(first.keySet()).hasSizeGreaterThan(4);
        first.forEach((key, bytes) -> assertThat(second.get(key)).as(key).isEqualTo(bytes));
    }

    @Test
    void aChangedObjectReplacesItsOldRows() throws Exception {
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        Warehouse warehouse = new Warehouse(storage, WarehouseOptions.defaults(), CLOCK);
        URI location = URI.create("s3://logs/a.log.gz");
        indexSample(warehouse, new SourceObject(location, "etag-1"), 5);
        SourceObject changed = new SourceObject(location, "etag-2");
        indexSample(warehouse, changed, 2);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.query("SELECT DISTINCT object_id FROM read_parquet('" + root + "/terms/*/*.parquet')"))
                    .containsExactly(List.of(changed.objectId()));
            assertThat(db.single("SELECT count(*) FROM read_parquet('" + root + "/messages/*/*.parquet')"))
                    .isEqualTo(2L);
        }
        assertThat(storage.list("purges/")).hasSize(1);
    }

    @Test
    void termPartsStaySortedWhenTheBufferFlushesManyTimes() throws Exception {
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        Warehouse warehouse = new Warehouse(storage, WarehouseOptions.defaults().withTermBuffer(7, 1 << 20), CLOCK);
        indexSample(warehouse, new SourceObject(URI.create("s3://logs/a.log.gz"), "e"), 40);
        assertThat(storage.list("terms/").size()).isGreaterThan(10);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.single("SELECT count(*) FROM read_parquet('" + root + "/terms/*/*.parquet')"))
                    .isEqualTo(120L);
        }
    }

    static Map<String, byte[]> contents(LocalWarehouseStorage storage, String prefix) throws Exception {
        Map<String, byte[]> result = new java.util.TreeMap<>();
        for (StoredObject object : storage.list(prefix)) {
            result.put(object.key(), Files.readAllBytes(storage.root().resolve(object.key())));
        }
        return result;
    }
}
