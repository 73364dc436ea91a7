package dev.minerva.templates.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.core.config.SourceConfigLoader;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.engine.EngineStats;
import dev.minerva.core.engine.QueryCancellation;
import dev.minerva.trino.TrinoQueryEngine;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.index.IndexOutcome;
import dev.minerva.core.index.IndexSummary;
import dev.minerva.core.index.IndexingService;
import dev.minerva.core.index.LocalLogObjects;
import dev.minerva.core.index.ObjectIndexer;
import dev.minerva.core.query.BoundQuery;
import dev.minerva.core.query.QueryParser;
import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.query.TrinoDialect;
import dev.minerva.core.search.LogsPage;
import dev.minerva.core.search.SearchRequest;
import dev.minerva.core.search.SearchResult;
import dev.minerva.core.search.SearchService;
import dev.minerva.core.search.SearchServiceOptions;
import dev.minerva.aws.s3.S3ClientFactory;
import dev.minerva.aws.s3.S3Location;
import dev.minerva.aws.s3.S3Settings;
import dev.minerva.aws.s3.S3WarehouseStorage;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.core.warehouse.CompactionReport;
import dev.minerva.core.warehouse.Compactor;
import dev.minerva.core.warehouse.CompactorOptions;
import dev.minerva.core.warehouse.StoredObject;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseLayout;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.local.bench.BenchDataSet;
import dev.minerva.local.bench.BenchSize;
import dev.minerva.local.bench.DuckDbBench;
import dev.minerva.local.bench.LogGenerator;
import dev.minerva.local.bench.Needle;
import dev.minerva.testing.aws.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark item 2 on Trino: the bytes Trino reads (its physical input bytes) for the IP needle over a day of mixed
 * logs, Minerva's search against the original Minerva layout and SQL on the same records.
 *
 * <p>The benchmark's generator writes a seeded day (system property {@code minerva.needle.size}, default 30MB raw;
 * {@code minerva.needle.seed}, default 6); the indexing service indexes it into the S3 warehouse (moto) and the
 * compactor merges every hour, as the hourly compactor does once an hour has closed. The harness rebuilds the original
 * layout from the same records, which goes to S3 beside the warehouse. Minerva's search runs through the search
 * service on Trino (TrinoDialect, as {@link TrinoSearchMatchesDuckDbIT}); the original SQL is the harness's
 * ({@code DuckDbBench.searchOriginalLayout}) in Trino's syntax. Both must find exactly the planted records; the bytes
 * are printed as a row of the benchmark's table, never asserted (targets are reported, not tested).
 */
class TrinoNeedleBytesIT {
    @RegisterExtension
    @Order(1)
    static final MotoServer MOTO = new MotoServer();

    @RegisterExtension
    @Order(2)
    static final TrinoServer TRINO = new TrinoServer(MOTO::endpoint);

    private static final String BUCKET = "minerva-data";
    private static final String STACK = "minerva";
    private static final String ORIGINAL_PREFIX = "original-layout/";
    private static final Needle NEEDLE = Needle.IP;
    // The benchmark's figure: the first page of 50 hits, as MinervaBench.search asks for.
    private static final LogsPage FIRST_PAGE = LogsPage.first(50);
    private static final double TARGET = 1.0 / 50;

    private static ExecutorService executor;

    @TempDir
    Path temp;

    @AfterAll
    static void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Test
    void theIpNeedleFindsThePlantedRecordsOnBothLayoutsAndTheBytesEachReadArePrinted() throws Exception {
        BenchSize size = BenchSize.parse(System.getProperty("minerva.needle.size", "30MB"));
        long seed = Long.parseLong(System.getProperty("minerva.needle.seed", "6"));
        Phases phases = new Phases();

        BenchDataSet data = new LogGenerator(seed).generate(temp.resolve("logs"), size.rawBytes());
        long planted = data.needleRecords().get(NEEDLE);
        phases.done("generate %.1f MB raw (%.1f MB gzip), %d records hold %s", data.rawBytes() / 1e6,
                data.gzipBytes() / 1e6, planted, NEEDLE.rawText());

        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        S3Client s3 = S3ClientFactory.create(S3Settings.defaults().withRegion(MotoServer.REGION)
                .withEndpoint(MOTO.endpoint()).withPathStyle(true), credentials);
        GlueClient glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.builder().build()).build();
        s3.createBucket(b -> b.bucket(BUCKET));
        GlueWarehouseTables tables = new GlueWarehouseTables(loadTemplate(), Map.of("DataBucketName", BUCKET), STACK);
        S3Location root = S3Location.parse(
                (String) tables.evaluate(Map.of("Fn::Sub", "s3://${DataBucketName}/${DataPrefix}")));
        S3WarehouseStorage warehouse = new S3WarehouseStorage(s3, root);

        index(data, warehouse);
        phases.done("index into S3 (moto)");

        // The original layout is rebuilt from the files as indexed, as the benchmark does, before compaction.
        Path original = temp.resolve("original-layout");
        new DuckDbBench(2).buildOriginalLayout(download(warehouse, temp.resolve("warehouse")), original);
        phases.done("rebuild the original layout");

        int published = compact(warehouse);
        assertThat(published).as("files the compactor published").isPositive();
        phases.done("compact every hour (%d files published)", published);

        String database = tables.create(glue);
        for (String resource : List.of("TermsTable", "MessagesTable")) {
            String directory = resource.equals("TermsTable") ? WarehouseLayout.TERMS : WarehouseLayout.MESSAGES;
            tables.registerPartitions(glue, database, resource, partitions(warehouse, directory));
        }
        new OriginalLayoutTables(s3, glue, BUCKET, ORIGINAL_PREFIX)
                .create(original, database, tables.tableInput("MessagesTable").storageDescriptor());
        phases.done("declare the Glue tables and upload the original layout");

        RecordingQueryEngine engine = new RecordingQueryEngine(
                new TrinoQueryEngine(TRINO.jdbcUrl(), "minerva", TrinoServer.MEMORY, "default"));
        executor = Executors.newFixedThreadPool(2);
        SearchService minerva = new SearchService(engine, new TrinoDialect(TrinoServer.HIVE, database),
                new QueryParser(new TermTokenizer()), warehouse, executor, Clock.systemUTC(),
                SearchServiceOptions.defaults());
        SearchResult ours = minerva.searchNow(
                new SearchRequest(NEEDLE.query(), data.dayStart(), data.dayEnd(), TagPermissions.all()), FIRST_PAGE);
        phases.done("Minerva's search on Trino");

        AtomicLong theirHits = new AtomicLong(-1);
        EngineStats theirs = originalSearch(database, data, theirHits);
        phases.done("the original SQL on Trino");

        long originalBytes = bytesUnder(s3, ORIGINAL_PREFIX);
        String row = row(ours.stats(), theirs);
        System.out.printf("%nInputs: %s raw (minerva.needle.size=%s, seed %d); tables: Minerva %s (terms + messages, "
                + "compacted), original layout %s. Hits: planted %d, Minerva %d, original layout %d.%n%n%s%n%n%s%n",
                mb(data.rawBytes()), size.label(), seed, mb(ours.warehouse().bytes()), mb(originalBytes), planted,
                ours.page().total(), theirHits.get(), row, statements(engine.statements(), ours.stats()));
        phases.print();

        assertThat(planted).as("records the generator planted %s in", NEEDLE.rawText()).isPositive();
        assertThat(ours.page().total()).as("Minerva's hits on Trino").isEqualTo(planted);
        assertThat(theirHits.get()).as("the original layout's hits on Trino").isEqualTo(planted);
        assertThat(ours.stats().bytesRead()).as("Minerva's physical input bytes").isPositive();
        assertThat(theirs.bytesRead()).as("the original SQL's physical input bytes").isPositive();
    }

    /** Indexes every generated file into the warehouse with the indexing service, as the indexer Lambda does. */
    private static void index(BenchDataSet data, S3WarehouseStorage warehouse) throws Exception {
        SourceRoutes routes = new SourceConfigLoader(FormatRegistry.discover())
                .load(data.root().resolve(LogGenerator.CONFIG));
        LocalLogObjects files = new LocalLogObjects();
        IndexSummary summary = new IndexingService(new ObjectIndexer(
                new Warehouse(warehouse, WarehouseOptions.defaults(), Clock.systemUTC()), new TermTokenizer()))
                .index(files.list(data.allFiles()), routes, files, false, IndexingService.Progress.none());
        assertThat(summary.count(IndexOutcome.Status.INDEXED)).as("objects indexed: %s", summary.outcomes())
                .isEqualTo(data.allFiles().size());
    }

    /**
     * Compacts every hour as the benchmark does ({@code MinervaBench.compact}): no lag, no grace, so a second run
     * deletes what the first replaced. Returns the files published.
     */
    private static int compact(S3WarehouseStorage warehouse) throws IOException {
        CompactorOptions options = new CompactorOptions(Duration.ZERO, Duration.ZERO,
                CompactorOptions.defaults().targetBytes(), WarehouseOptions.defaults());
        Compactor compactor = new Compactor(warehouse, options, Clock.systemUTC());
        CompactionReport merged = compactor.run();
        compactor.run();
        return merged.published().size();
    }

    /**
     * The harness's original search ({@code DuckDbBench.searchOriginalLayout}) in Trino's syntax: the term lookup
     * joined to the messages, confirmed by LIKE on the message text, counting distinct messages. Run through the
     * same engine class as Minerva's search, so both figures are Trino's physical input bytes measured the same way.
     */
    private static EngineStats originalSearch(String database, BenchDataSet data, AtomicLong hits) {
        TrinoDialect dialect = new TrinoDialect(TrinoServer.HIVE, database);
        String table = TrinoServer.HIVE + "." + database + ".";
        String sql = "SELECT count(DISTINCT m.message_id) FROM " + table + OriginalLayoutTables.TERMS + " t JOIN "
                + table + OriginalLayoutTables.MESSAGES + " m ON t.message_id = m.message_id"
                + " WHERE t.term = ? AND m.message LIKE ? AND m.ts >= " + dialect.timestampParameter()
                + " AND m.ts < " + dialect.timestampParameter();
        // The original escaped nothing; the needles hold no LIKE wildcards.
        BoundQuery query = new BoundQuery(sql, List.of(NEEDLE.term(), "%" + NEEDLE.rawText() + "%",
                dialect.timestampValue(data.dayStart()), dialect.timestampValue(data.dayEnd())));
        try (TrinoQueryEngine engine = new TrinoQueryEngine(TRINO.jdbcUrl(), "minerva", TrinoServer.MEMORY, "default")) {
            return engine.execute(query, row -> hits.set(row.number(0)), new QueryCancellation());
        }
    }

    /** The benchmark table's row 2, with Trino's figures: physical input bytes and splits. */
    private static String row(EngineStats ours, EngineStats theirs) {
        double ratio = (double) ours.bytesRead() / theirs.bytesRead();
        // As the benchmark writes it (1/N), with a decimal while N is small enough for it to matter.
        String shown = ratio > 1 ? String.format(Locale.ROOT, "%.1f×", ratio)
                : String.format(Locale.ROOT, 1 / ratio < 10 ? "1/%.1f" : "1/%.0f", 1 / ratio);
        return "| # | measure | input | Minerva | peer | ratio | target | met |\n|---|---|---|---:|---:|---:|---|---|\n"
                + String.format(Locale.ROOT, "| 2 | bytes read on Trino 476, needle `%s` over the day (physical input "
                        + "bytes, splits) | all | %s (%d) | original layout %s (%d) | %s | ≤ 1/50 | %s |",
                NEEDLE.query(), mb(ours.bytesRead()), ours.filesRead(), mb(theirs.bytesRead()), theirs.filesRead(),
                shown, ratio <= TARGET ? "yes" : "**no**");
    }

    /** Minerva's search statement by statement: what each read, from Trino's stats of each query. */
    private static String statements(List<RecordingQueryEngine.Statement> statements, EngineStats total) {
        StringBuilder table = new StringBuilder("Minerva's statements on Trino:\n\n"
                + "| statement | physical input | splits | elapsed |\n|---|---:|---:|---:|\n");
        for (RecordingQueryEngine.Statement statement : statements) {
            table.append(String.format(Locale.ROOT, "| `%s` | %s | %d | %d ms |%n", statement.excerpt(90),
                    mb(statement.stats().bytesRead()), statement.stats().filesRead(),
                    statement.stats().elapsed().toMillis()));
        }
        return table.append(String.format(Locale.ROOT, "| all (the search's stats) | %s | %d | %d ms |%n",
                mb(total.bytesRead()), total.filesRead(), total.elapsed().toMillis())).toString();
    }

    /** The hour partitions under a table's directory: {@code dt} of {@code <table>/dt=<dt>/…}. */
    private static List<String> partitions(S3WarehouseStorage warehouse, String directory) throws IOException {
        TreeSet<String> dts = new TreeSet<>();
        for (StoredObject object : warehouse.list(directory + "/")) {
            String rest = object.key().substring(directory.length() + 1);
            if (rest.startsWith("dt=") && rest.indexOf('/') > 0) {
                dts.add(rest.substring("dt=".length(), rest.indexOf('/')));
            }
        }
        assertThat(dts).as("partitions of %s", directory).isNotEmpty();
        return List.copyOf(dts);
    }

    /** The warehouse's term and message files, written under {@code local} with the same keys. */
    private static Path download(S3WarehouseStorage warehouse, Path local) throws IOException {
        for (String directory : List.of(WarehouseLayout.TERMS, WarehouseLayout.MESSAGES)) {
            for (StoredObject object : warehouse.list(directory + "/")) {
                Path file = local.resolve(object.key());
                Files.createDirectories(file.getParent());
                Files.write(file, warehouse.readAll(object.key()));
            }
        }
        return local;
    }

    private static long bytesUnder(S3Client s3, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .mapToLong(object -> object.size()).sum();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loadTemplate() throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(Path.of("minerva.yaml")));
    }

    /** Wall time of each step of the test, printed after the figures. */
    private static final class Phases {
        private final StringBuilder lines = new StringBuilder("Steps:\n");
        private long last = System.nanoTime();

        void done(String format, Object... args) {
            long now = System.nanoTime();
            lines.append(String.format(Locale.ROOT, "  %6.1f s  %s%n", (now - last) / 1e9,
                    String.format(Locale.ROOT, format, args)));
            last = now;
        }

        void print() {
            System.out.print(lines);
        }
    }
}
