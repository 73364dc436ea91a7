package dev.minerva.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.core.config.SourceConfigLoader;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectIndexerTest {
    @TempDir
    Path temp;

    private Path logs;
    private Path root;
    private IndexingService service;
    private SourceRoutes routes;
    private final LocalLogObjects files = new LocalLogObjects();

    @BeforeEach
    void setUp() throws IOException {
        logs = Files.createDirectories(temp.resolve("logs"));
        root = temp.resolve("warehouse");
        Warehouse warehouse = new Warehouse(new LocalWarehouseStorage(root), WarehouseOptions.defaults(), Clock.systemUTC());
        service = new IndexingService(new ObjectIndexer(warehouse, new TermTokenizer()));
        routes = new SourceConfigLoader(FormatRegistry.discover()).parse("""
                sources:
                  - match: file:logs/app/**
                    format: test-lines
                    tag: app
                """, "test.yaml", temp);
    }

    @Test
    void recordsTermsAndRejectionsLandInTheirTables() throws Exception {
        write("app/a.log", "1601510400 alice logged in from 10.0.0.1\nnot-a-time oops\n1601514000 bob read s3://bucket/key\n");
        IndexSummary summary = index();
        assertThat(summary.count(IndexOutcome.Status.INDEXED)).isEqualTo(1);
        assertThat(summary.records()).isEqualTo(2);
        assertThat(summary.rejections()).isEqualTo(1);
        assertThat(query("SELECT count(*) FROM read_parquet('" + root + "/messages/*/*.parquet', hive_partitioning=true)")).containsExactly("2");
        assertThat(query("SELECT DISTINCT dt FROM read_parquet('" + root + "/messages/*/*.parquet', hive_partitioning=true, hive_types={'dt': VARCHAR}) ORDER BY dt"))
                .containsExactly("2020-10-01-00", "2020-10-01-01");
        assertThat(query("SELECT field || '=' || term FROM read_parquet('" + root + "/terms/*/*.parquet') WHERE seq = 1 ORDER BY term"))
                .contains("text=10.0.0.1", "text=alice");
        assertThat(query("SELECT reason FROM read_parquet('" + root + "/rejects/*/*.parquet')"))
                .singleElement().asString().contains("expected epoch seconds first");
    }

    @Test
    void indexingTheSameObjectAgainChangesNothing() throws Exception {
        write("app/a.log", "1601510400 alice\n1601514000 bob\n");
        index();
        List<String> before = listing();
        IndexSummary again = index();
        assertThat(again.count(IndexOutcome.Status.UNCHANGED)).isEqualTo(1);
        assertThat(listing()).isEqualTo(before);
        IndexSummary forced = service.index(files.list(List.of(logs)), routes, files, true, IndexingService.Progress.none());
        assertThat(forced.count(IndexOutcome.Status.INDEXED)).isEqualTo(1);
        assertThat(listing()).isEqualTo(before);
        assertThat(query("SELECT count(*) FROM read_parquet('" + root + "/messages/*/*.parquet')")).containsExactly("2");
    }

    @Test
    void aChangedObjectReplacesItsOldRows() throws Exception {
        Path file = write("app/a.log", "1601510400 alice\n1601514000 bob\n");
        index();
        Files.writeString(file, "1601510400 carol\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        IndexSummary summary = index();
        assertThat(summary.count(IndexOutcome.Status.INDEXED)).isEqualTo(1);
        assertThat(query("SELECT json_extract_string(message, '$.text') FROM read_parquet('" + root + "/messages/*/*.parquet')"))
                .containsExactly("carol");
    }

    @Test
    void objectsWithoutASourceAreCountedNotFailed() throws Exception {
        write("other/x.log", "1601510400 alice\n");
        IndexSummary summary = index();
        assertThat(summary.count(IndexOutcome.Status.NO_SOURCE)).isEqualTo(1);
        assertThat(summary.outcomes().get(0).detail()).contains("test.yaml");
    }

    @Test
    void anObjectThatCannotBeReadFailsAloneAndTheNextIsIndexed() throws Exception {
        write("app/a.log", "1601510400 alice\n");
        write("app/b.log", "1601510400 bob\n");
        LogObjectReader flaky = object -> {
            if (object.location().endsWith("a.log")) {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                };
            }
            return files.open(object);
        };
        IndexSummary summary = service.index(files.list(List.of(logs)), routes, flaky, false, IndexingService.Progress.none());
        assertThat(summary.outcomes()).extracting(IndexOutcome::status)
                .containsExactly(IndexOutcome.Status.FAILED, IndexOutcome.Status.INDEXED);
        assertThat(summary.outcomes().get(0).detail()).contains("connection reset");
        assertThat(query("SELECT json_extract_string(message, '$.text') FROM read_parquet('" + root + "/messages/*/*.parquet')"))
                .containsExactly("bob");
        // the failed object left no manifest, so the next run indexes it
        assertThat(index().count(IndexOutcome.Status.INDEXED)).isEqualTo(1);
    }

    private IndexSummary index() {
        return service.index(files.list(List.of(logs)), routes, files, false, IndexingService.Progress.none());
    }

    private Path write(String name, String content) throws IOException {
        Path file = logs.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/objects/"))
                    .map(p -> root.relativize(p) + ":" + size(p)).sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }
}
