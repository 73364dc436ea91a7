package dev.minerva.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTermWriterTest {
    private static final SortedSet<String> OBJECT_IDS = new TreeSet<>(Set.of("obj-a", "obj-b"));
    // Small row groups and pages, so a few thousand rows cross many boundaries of both.
    private static final WarehouseOptions SMALL = new WarehouseOptions(32L << 20, 1000, 4096, 32L << 20, 128, 1 << 20,
            1_000_000, 32 << 20, 4, 1024);

    @TempDir
    Path root;

    /** One term row; byte arrays so the sort is the unsigned byte order Parquet statistics use. */
    record Row(String tag, String field, String term, long ts, String objectId, long seq) {
        static final Comparator<Row> ORDER = Comparator.<Row, byte[]>comparing(r -> r.term.getBytes(UTF_8),
                        Arrays::compareUnsigned)
                .thenComparing(r -> r.field.getBytes(UTF_8), Arrays::compareUnsigned)
                .thenComparing(r -> r.objectId.getBytes(UTF_8), Arrays::compareUnsigned)
                .thenComparingLong(r -> r.seq);
    }

    @Test
    void writesTheRowsStatisticsIndexesAndBloomFiltersParquetsOwnWriterWrote() throws Exception {
        List<Row> rows = sampleRows(12_000);
        Path written = write("new.parquet", SMALL, withRepeats(rows));
        Path reference = writeReference("old.parquet", SMALL, rows);

        try (DuckDb db = new DuckDb()) {
            String columns = "tag, field, term, epoch_ms(ts), object_id, seq";
            List<List<Object>> ours = db.query("SELECT " + columns + " FROM read_parquet('" + written
                    + "', file_row_number=true) ORDER BY file_row_number");
            List<List<Object>> theirs = db.query("SELECT " + columns + " FROM read_parquet('" + reference
                    + "', file_row_number=true) ORDER BY file_row_number");
            assertThat(ours).hasSize(rows.size()).isEqualTo(theirs);
            // Row groups, statistics, encodings, codec and bloom filter sizes, chunk by chunk.
            String metadata = "SELECT row_group_id, row_group_num_rows, path_in_schema, stats_min_value,"
                    + " stats_max_value, stats_null_count, compression, encodings, bloom_filter_length"
                    + " FROM parquet_metadata('%s') ORDER BY row_group_id, column_id";
            List<List<Object>> ourMetadata = db.query(metadata.formatted(written));
            assertThat(ourMetadata).isEqualTo(db.query(metadata.formatted(reference)));
            assertThat(ourMetadata).hasSize(6 * 12);
            // Every term is found through the bloom filter of each row group that holds it.
            for (String term : List.of("ACCEPT", "10.0.0.7", "日本語", "user/alice", rows.get(0).term(),
                    rows.get(rows.size() - 1).term())) {
                List<List<Object>> excluded = db.query("SELECT row_group_id FROM parquet_bloom_probe('" + written
                        + "', 'term', '" + term + "') WHERE bloom_filter_excludes");
                List<List<Object>> holding = db.query("SELECT DISTINCT file_row_number // 1000 FROM read_parquet('"
                        + written + "', file_row_number=true) WHERE term = '" + term + "'");
                assertThat(holding).as(term).isNotEmpty();
                assertThat(excluded).as(term).doesNotContainAnyElementsOf(holding);
            }
        }
        try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(new LocalWarehouseStorage(root), "new.parquet"))) {
            assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
                    .containsEntry(WarehouseLayout.OBJECT_IDS_KEY, "obj-a,obj-b");
            assertThat(reader.getFooter().getFileMetaData().getSchema()).isEqualTo(ParquetSchemas.TERM_SCHEMA);
            int termPages = 0;
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                for (ColumnChunkMetaData column : block.getColumns()) {
                    String name = column.getPath().toDotString();
                    boolean filtered = Set.of("tag", "term", "ts").contains(name);
                    assertThat(column.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
                    assertThat(reader.readOffsetIndex(column)).as(name).isNotNull();
                    assertThat(reader.readColumnIndex(column) != null).as(name).isEqualTo(filtered);
                    assertThat(column.getStatistics().isEmpty()).as(name).isEqualTo(!filtered);
                    assertThat(column.getBloomFilterOffset() >= 0).as(name).isEqualTo(name.equals("term"));
                }
                ColumnChunkMetaData term = block.getColumns().get(2);
                termPages += reader.readOffsetIndex(term).getPageCount();
                var bloom = reader.getBloomFilterDataReader(block).readBloomFilter(term);
                for (Row row : rows) {
                    if (Arrays.compareUnsigned(row.term().getBytes(UTF_8),
                            ((Binary) term.getStatistics().genericGetMin()).getBytes()) >= 0
                            && Arrays.compareUnsigned(row.term().getBytes(UTF_8),
                            ((Binary) term.getStatistics().genericGetMax()).getBytes()) <= 0) {
                        assertThat(bloom.findHash(bloom.hash(Binary.fromString(row.term())))).as(row.term()).isTrue();
                    }
                }
            }
            assertThat(termPages).as("pages of 4 KB").isGreaterThan(reader.getFooter().getBlocks().size());
        }
    }

    @Test
    void aDictionaryThatOutgrowsItsPageFallsBackAsParquetsOwnWriterDoes() throws Exception {
        // A compacted hour can hold thousands of objects. The first pages (a common term in two objects) make the
        // dictionary pay; then 18,000 distinct 68-byte object ids pass its 1 MB bound part way through the row group.
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(new Row("aws.vpcflow", "action", i < 2000 ? "ACCEPT" : "REJECT", 1_700_000_000_000L + i % 500,
                    String.format("obj-%064d", i < 2000 ? i % 2 : i), i));
        }
        rows.sort(Row.ORDER);
        Path written = write("many-objects.parquet", WarehouseOptions.defaults(), rows);
        Path reference = writeReference("old.parquet", WarehouseOptions.defaults(), rows);
        try (DuckDb db = new DuckDb()) {
            String metadata = "SELECT path_in_schema, encodings, stats_min_value, stats_max_value"
                    + " FROM parquet_metadata('%s') ORDER BY row_group_id, column_id";
            List<List<Object>> ourMetadata = db.query(metadata.formatted(written));
            assertThat(ourMetadata).isEqualTo(db.query(metadata.formatted(reference)));
            assertThat(ourMetadata.get(4)).containsExactly("object_id", "PLAIN, DELTA_BYTE_ARRAY, RLE_DICTIONARY",
                    null, null);
            String all = "SELECT tag, field, term, epoch_ms(ts), object_id, seq FROM read_parquet('%s')"
                    + " ORDER BY seq";
            assertThat(db.query(all.formatted(written))).hasSize(rows.size())
                    .isEqualTo(db.query(all.formatted(reference)));
        }
    }

    @Test
    void anEmptyFileIsValidParquetWithItsFooter() throws Exception {
        Path written = write("empty.parquet", SMALL, List.of());
        try (DuckDb db = new DuckDb()) {
            assertThat(db.single("SELECT count(*) FROM read_parquet('" + written + "')")).isEqualTo(0L);
            assertThat(db.query("SELECT name FROM parquet_schema('" + written + "') WHERE name <> 'term_row'"))
                    .extracting(row -> row.get(0)).containsExactly("tag", "field", "term", "ts", "object_id", "seq");
        }
        try (ParquetFileReader reader = ParquetFileReader.open(ParquetFiles.input(new LocalWarehouseStorage(root), "empty.parquet"))) {
            assertThat(reader.getFooter().getBlocks()).isEmpty();
            assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
                    .containsEntry(WarehouseLayout.OBJECT_IDS_KEY, "obj-a,obj-b");
        }
    }

    @Test
    void aSingleRowIsOneRowGroupWithItsStatisticsAndBloomFilter() throws Exception {
        List<Row> rows = List.of(new Row("aws.cloudtrail", "eventName", "ConsoleLogin", 1_600_000_000_123L, "obj-a", 7));
        Path written = write("one.parquet", WarehouseOptions.defaults(), rows);
        Path reference = writeReference("old.parquet", WarehouseOptions.defaults(), rows);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.query("SELECT tag, field, term, epoch_ms(ts), object_id, seq FROM read_parquet('" + written
                    + "')")).containsExactly(List.of("aws.cloudtrail", "eventName", "ConsoleLogin", 1_600_000_000_123L,
                    "obj-a", 7L));
            String metadata = "SELECT path_in_schema, stats_min_value, stats_max_value, encodings, bloom_filter_length"
                    + " FROM parquet_metadata('%s') ORDER BY column_id";
            assertThat(db.query(metadata.formatted(written))).isEqualTo(db.query(metadata.formatted(reference)));
            assertThat(db.single("SELECT bool_or(bloom_filter_excludes) FROM parquet_bloom_probe('" + written
                    + "', 'term', 'ConsoleLogin')")).isEqualTo(false);
            assertThat(db.single("SELECT bool_and(bloom_filter_excludes) FROM parquet_bloom_probe('" + written
                    + "', 'term', 'ConsoleLogout')")).isEqualTo(true);
        }
    }

    @Test
    void rowGroupsEndAtTheByteBoundAsWellAsTheRowBound() throws Exception {
        WarehouseOptions tinyBytes = new WarehouseOptions(2000, 1000, 4096, 32L << 20, 128, 1 << 20, 1_000_000,
                32 << 20, 4, 1024);
        List<Row> rows = sampleRows(3000);
        Path written = write("bytes.parquet", tinyBytes, rows);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.single("SELECT count(*) FROM read_parquet('" + written + "')")).isEqualTo((long) rows.size());
            assertThat((Long) db.single("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + written + "')"))
                    .isGreaterThan(rows.size() / 1000L * 2);
        }
    }

    @Test
    void aFileClosedBeforeItIsFinishedIsNotPublished() throws Exception {
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        try (ParquetTermWriter writer = new ParquetTermWriter(storage.create("terms/x.parquet"), SMALL, OBJECT_IDS)) {
            for (Row row : sampleRows(2500)) {
                write(writer, row);
            }
        }
        assertThat(storage.exists("terms/x.parquet")).isFalse();
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void theWrittenFileReportsItsRowsAndBytes() throws Exception {
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        List<Row> rows = sampleRows(1500);
        WrittenFile file;
        try (ParquetTermWriter writer = new ParquetTermWriter(storage.create("terms/y.parquet"), SMALL, OBJECT_IDS)) {
            for (Row row : withRepeats(rows)) {
                write(writer, row);
            }
            file = writer.finish();
        }
        assertThat(file.table()).isEqualTo(WarehouseLayout.TERMS);
        assertThat(file.key()).isEqualTo("terms/y.parquet");
        assertThat(file.rows()).isEqualTo(rows.size());
        assertThat(file.bytes()).isEqualTo(java.nio.file.Files.size(root.resolve("terms/y.parquet")));
    }

    private Path write(String key, WarehouseOptions options, List<Row> rows) throws IOException {
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        try (ParquetTermWriter writer = new ParquetTermWriter(storage.create(key), options, OBJECT_IDS)) {
            for (Row row : rows) {
                write(writer, row);
            }
            writer.finish();
        }
        return root.resolve(key);
    }

    private static void write(ParquetTermWriter writer, Row row) throws IOException {
        // Fresh instances each row, as the compactor's reader hands them out.
        writer.write(Binary.fromString(row.tag()), Binary.fromString(row.field()), Binary.fromString(row.term()),
                row.ts(), Binary.fromString(row.objectId()), row.seq());
    }

    /** The same rows through parquet-java's ParquetWriter, configured as term files are. */
    private Path writeReference(String key, WarehouseOptions options, List<Row> rows) throws IOException {
        LocalWarehouseStorage storage = new LocalWarehouseStorage(root);
        try (StagedFile staged = storage.create(key)) {
            try (ParquetWriter<RowWriteSupport.Row> writer = new RowWriteSupport.Builder(ParquetFiles.output(staged),
                    new RowWriteSupport(ParquetSchemas.TERM_SCHEMA,
                            Map.of(WarehouseLayout.OBJECT_IDS_KEY, String.join(",", OBJECT_IDS))))
                    .withConf(new PlainParquetConfiguration())
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                    .withRowGroupSize(options.termRowGroupBytes())
                    .withRowGroupRowCountLimit(options.termRowGroupRows())
                    .withPageSize(options.termPageBytes())
                    .withDictionaryEncoding(true)
                    .withDictionaryEncoding("term", false)
                    .withDictionaryEncoding("seq", false)
                    .withBloomFilterEnabled("term", true)
                    .withBloomFilterFPP("term", 0.01)
                    .withAdaptiveBloomFilterEnabled(true)
                    .withMaxBloomFilterBytes(64 << 10)
                    .withBloomFilterCandidateNumber("term", 6)
                    .withStatisticsEnabled(true)
                    .withSizeStatisticsEnabled(false)
                    .withStatisticsEnabled("field", false)
                    .withStatisticsEnabled("object_id", false)
                    .withStatisticsEnabled("seq", false)
                    .build()) {
                for (Row row : rows) {
                    writer.write(consumer -> {
                        Fields.binary(consumer, "tag", 0, Binary.fromString(row.tag()));
                        Fields.binary(consumer, "field", 1, Binary.fromString(row.field()));
                        Fields.binary(consumer, "term", 2, Binary.fromString(row.term()));
                        Fields.int64(consumer, "ts", 3, row.ts());
                        Fields.binary(consumer, "object_id", 4, Binary.fromString(row.objectId()));
                        Fields.int64(consumer, "seq", 5, row.seq());
                    });
                }
            }
            staged.publish();
        }
        return root.resolve(key);
    }

    /**
     * Sorted, distinct rows from records of a few fields each: terms that repeat across records (statuses, small
     * numbers, non-ASCII text), terms unique to a record, terms longer than the column index keeps, two objects and
     * two tags, as a compacted file holds.
     */
    private static List<Row> sampleRows(int count) {
        Random random = new Random(17);
        Set<Row> rows = new HashSet<>();
        long seq = 0;
        while (rows.size() < count) {
            seq++;
            String objectId = random.nextInt(3) == 0 ? "obj-b" : "obj-a";
            String tag = random.nextInt(5) == 0 ? "syslog" : "aws.vpcflow";
            long ts = 1_700_000_000_000L + random.nextInt(3_600_000);
            rows.add(new Row(tag, "action", random.nextBoolean() ? "ACCEPT" : "REJECT", ts, objectId, seq));
            rows.add(new Row(tag, "srcaddr", "10.0.0." + random.nextInt(40), ts, objectId, seq));
            rows.add(new Row(tag, "dstport", Integer.toString(random.nextInt(2000)), ts, objectId, seq));
            rows.add(new Row(tag, "requestID", Long.toHexString(random.nextLong()) + "-" + seq, ts, objectId, seq));
            if (seq % 7 == 0) {
                rows.add(new Row(tag, "message", "日本語", ts, objectId, seq));
                rows.add(new Row(tag, "userAgent", "aws-sdk-java/2.20 Linux/5.10 OpenJDK_64-Bit_Server_VM/17 "
                        + "exec-env/AWS_Lambda_java17 vendor/Amazon.com_Inc. io/sync http/Apache " + seq % 50,
                        ts, objectId, seq));
                rows.add(new Row(tag, "arn", "user/alice", ts, objectId, seq));
            }
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Row.ORDER);
        return sorted.subList(0, count);
    }

    /** The rows with some repeated right after themselves, which the writer drops. */
    private static List<Row> withRepeats(List<Row> rows) {
        List<Row> repeated = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            repeated.add(rows.get(i));
            if (i % 11 == 0) {
                repeated.add(rows.get(i));
            }
        }
        return repeated;
    }
}
