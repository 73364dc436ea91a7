package dev.minerva.templates.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.core.config.SourceConfigLoader;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.duckdb.DuckDbQueryEngine;
import dev.minerva.trino.TrinoQueryEngine;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.index.IndexOutcome;
import dev.minerva.core.index.IndexSummary;
import dev.minerva.core.index.IndexingService;
import dev.minerva.core.index.LocalLogObjects;
import dev.minerva.core.index.ObjectIndexer;
import dev.minerva.core.query.DuckDbDialect;
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
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.StoredObject;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseLayout;
import dev.minerva.core.warehouse.WarehouseOptions;
import dev.minerva.testing.aws.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The search service sends the Athena dialect's SQL (TrinoDialect, same statements, same parameters) to Trino over
 * the Glue tables minerva.yaml defines, and gets exactly what the embedded DuckDB engine gets from the same warehouse:
 * the bundled samples indexed into S3 (moto) by the indexing service, and a local copy of that warehouse for DuckDB.
 */
class TrinoSearchMatchesDuckDbIT {
    @RegisterExtension
    @Order(1)
    static final MotoServer MOTO = new MotoServer();

    @RegisterExtension
    @Order(2)
    static final TrinoServer TRINO = new TrinoServer(MOTO::endpoint);

    private static final String BUCKET = "minerva-data";
    private static final String STACK = "minerva";
    private static final Path SAMPLES = Path.of("../../samples");
    private static final Instant FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2030-01-01T00:00:00Z");
    private static final LogsPage ALL = LogsPage.first(10_000);

    private static S3Client s3;
    private static GlueClient glue;
    private static ExecutorService executor;
    private static Path localCopy;
    private static S3WarehouseStorage warehouse;
    private static SearchService duckDb;
    private static SearchService trino;
    private static DuckDbQueryEngine duckDbEngine;
    private static String database;

    @BeforeAll
    static void indexTheSamplesIntoS3AndDeclareTheGlueTables() throws Exception {
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        s3 = S3ClientFactory.create(S3Settings.defaults().withRegion(MotoServer.REGION).withEndpoint(MOTO.endpoint())
                .withPathStyle(true), credentials);
        glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.builder().build()).build();
        s3.createBucket(b -> b.bucket(BUCKET));

        // The same core services the indexer Lambda uses, over the same S3 warehouse layout.
        GlueWarehouseTables tables = new GlueWarehouseTables(loadTemplate(), Map.of("DataBucketName", BUCKET), STACK);
        S3Location root = S3Location.parse((String) tables.evaluate(Map.of("Fn::Sub", "s3://${DataBucketName}/${DataPrefix}")));
        warehouse = new S3WarehouseStorage(s3, root);
        SourceRoutes routes = new SourceConfigLoader(FormatRegistry.discover()).load(SAMPLES.resolve("minerva.yaml"));
        LocalLogObjects samples = new LocalLogObjects();
        IndexSummary summary = new IndexingService(new ObjectIndexer(
                new Warehouse(warehouse, WarehouseOptions.defaults(), Clock.systemUTC()), new TermTokenizer()))
                .index(samples.list(List.of(SAMPLES.resolve("logs"))), routes, samples, false,
                        IndexingService.Progress.none());
        assertThat(summary.outcomes()).extracting(IndexOutcome::status).doesNotContain(IndexOutcome.Status.FAILED);

        database = tables.create(glue);
        for (String resource : List.of("TermsTable", "MessagesTable")) {
            String directory = resource.equals("TermsTable") ? WarehouseLayout.TERMS : WarehouseLayout.MESSAGES;
            tables.registerPartitions(glue, database, resource, partitions(directory));
        }

        localCopy = download(warehouse);
        QueryParser parser = new QueryParser(new TermTokenizer());
        executor = Executors.newFixedThreadPool(2);
        duckDbEngine = new DuckDbQueryEngine(localCopy, 2);
        duckDb = new SearchService(duckDbEngine, new DuckDbDialect(), parser, new LocalWarehouseStorage(localCopy),
                executor, Clock.systemUTC(), SearchServiceOptions.defaults());
        trino = new SearchService(new TrinoQueryEngine(TRINO.jdbcUrl(), "minerva", TrinoServer.MEMORY, "default"),
                new TrinoDialect(TrinoServer.HIVE, database), parser, warehouse, executor, Clock.systemUTC(),
                SearchServiceOptions.defaults());
    }

    @AfterAll
    static void close() throws IOException {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (duckDbEngine != null) {
            duckDbEngine.close();
        }
        if (glue != null) {
            glue.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (localCopy != null) {
            TrinoServer.deleteTree(localCopy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "192.0.2.1",
        "eventName:ConsoleLogin",
        "\"Intel Mac OS X\"",
        "ConsoleLogin OR GetPasswordData",
        "192.0.2.1 NOT tag:aws.vpcflow",
        "tag:syslog.*",
    })
    void trinoFindsExactlyWhatDuckDbFinds(String query) throws Exception {
        SearchResult expected = search(duckDb, query);
        SearchResult actual = search(trino, query);

        System.out.printf("%-32s hits %4d (Trino %4d), per tag %s, Trino read %,d bytes%n", query,
                expected.page().total(), actual.page().total(), actual.tagCounts(), actual.stats().bytesRead());
        assertThat(expected.page().total()).as("DuckDB hits for %s", query).isPositive();
        assertThat(actual.page().logs()).as("rows for %s", query).containsExactlyElementsOf(expected.page().logs());
        assertThat(actual.page().total()).isEqualTo(expected.page().total());
        assertThat(actual.page().subTotal()).isEqualTo(expected.page().subTotal());
        assertThat(actual.tagCounts()).as("hits per tag for %s", query).isEqualTo(expected.tagCounts());
        assertThat(actual.timeseries()).isEqualTo(expected.timeseries());
    }

    @Test
    void trinoReadsTheWritersUtcMillisecondTimestampsAsTimestamp3() throws Exception {
        // The writer declares ts TIMESTAMP(MILLIS, isAdjustedToUTC=true); Glue says timestamp; the dialect compares
        // it with timestamp(3) parameters. Equal rows above show the values survive; this pins the type.
        try (Connection connection = DriverManager.getConnection(TRINO.jdbcUrl(), "minerva", null);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT typeof(t.ts), typeof(m.ts) FROM "
                        + TrinoServer.HIVE + "." + database + ".minerva_terms t, " + TrinoServer.HIVE + "." + database
                        // moto's Glue rejects the empty partition filter of an unfiltered scan: filter on dt.
                        + ".minerva_messages m WHERE t.dt >= '2000' AND m.dt >= '2000' LIMIT 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(List.of(rows.getString(1), rows.getString(2))).containsOnly("timestamp(3)");
        }
    }

    @Test
    void anAddressFoundInFlowLogsAndCloudTrailHasHitsInBoth() throws Exception {
        SearchResult result = search(trino, "192.0.2.1");

        assertThat(result.tagCounts()).containsKeys("aws.cloudtrail", "aws.vpcflow");
    }

    @Test
    void aNeedleSearchReadsAFractionOfTheTables() throws Exception {
        String needle = "ASIA5FLZVX4OAET5K4P5";
        SearchResult result = search(trino, needle);
        SearchResult local = search(duckDb, needle);
        long tableBytes = tableBytes(warehouse);

        long read = result.stats().bytesRead();
        System.out.printf("Needle %s: %d hit(s); Trino physical input %,d bytes (%d splits) of %,d table bytes (terms/ + "
                + "messages/), ratio %.4f; DuckDB read %,d bytes, ratio %.4f%n", needle, result.page().total(), read,
                result.stats().filesRead(), tableBytes, (double) read / tableBytes, local.stats().bytesRead(),
                (double) local.stats().bytesRead() / tableBytes);
        assertThat(result.page().logs()).containsExactlyElementsOf(local.page().logs()).isNotEmpty();
        assertThat(read).isPositive().isLessThan(tableBytes);
        assertThat(result.warehouse().bytes()).isEqualTo(tableBytes);
    }

    private static SearchResult search(SearchService service, String query) throws InterruptedException {
        return service.searchNow(new SearchRequest(query, FROM, TO, TagPermissions.all()), ALL);
    }

    /** The hour partitions the writer made under a table's directory: {@code dt} of {@code <table>/dt=<dt>/…}. */
    private static List<String> partitions(String directory) throws IOException {
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

    private static long tableBytes(S3WarehouseStorage storage) throws IOException {
        long bytes = 0;
        for (String directory : Set.of(WarehouseLayout.TERMS, WarehouseLayout.MESSAGES)) {
            for (StoredObject object : storage.list(directory + "/")) {
                bytes += object.size();
            }
        }
        return bytes;
    }

    /** Every object of the S3 warehouse, written to a temporary folder with the same keys. */
    private static Path download(S3WarehouseStorage storage) throws IOException {
        Path local = Files.createTempDirectory("minerva-warehouse-");
        for (StoredObject object : storage.list("")) {
            Path file = local.resolve(object.key());
            Files.createDirectories(file.getParent());
            Files.write(file, storage.readAll(object.key()));
        }
        return local;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loadTemplate() throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(Path.of("minerva.yaml")));
    }
}
