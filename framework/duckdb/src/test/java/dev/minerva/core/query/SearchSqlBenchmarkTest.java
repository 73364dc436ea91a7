package dev.minerva.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.core.terms.TermTokenizer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ratios, not absolute times (2-core machine): INTERSECT vs GROUP BY for AND on DuckDB over a few million term rows,
 * and tokenizer throughput. Run with {@code -Dminerva.bench=true}.
 */
@EnabledIfSystemProperty(named = "minerva.bench", matches = "true")
class SearchSqlBenchmarkTest {
    @TempDir
    Path warehouse;

    @Test
    void andStrategiesOnDuckDb() throws Exception {
        int records = 1_000_000;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            // Three terms per record: one in every record, one in 1 of 1000, one in 1 of 100000; 24 hours.
            statement.execute("CREATE TABLE t AS SELECT 'bench' AS tag, f.field,"
                    + " CASE f.field WHEN 'action' THEN 'accept' WHEN 'srcaddr' THEN '10.0.' || (i % 1000)"
                    + " ELSE 'user' || (i % 100000) END AS term,"
                    + " TIMESTAMPTZ '2020-10-01 00:00:00+00' + to_milliseconds(i * 86) AS ts,"
                    + " 'obj' || (i // 10000) AS object_id, i % 10000 AS seq"
                    + " FROM range(" + records + ") r(i), (VALUES ('action'), ('srcaddr'), ('user')) f(field)");
            statement.execute("COPY (SELECT *, strftime(ts, '%Y-%m-%d-%H') AS dt FROM t ORDER BY term) TO '"
                    + warehouse.resolve("terms") + "' (FORMAT parquet, PARTITION_BY (dt))");
            statement.execute("CREATE VIEW terms AS SELECT * FROM read_parquet('" + warehouse.resolve("terms")
                    + "/*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR})");
            statement.execute("CREATE VIEW messages AS SELECT tag, ts, object_id, seq, '' AS source, '{}' AS message,"
                    + " strftime(ts, '%Y-%m-%d-%H') AS dt FROM t WHERE field = 'action'");
            ResultSet count = statement.executeQuery("SELECT count(*) FROM terms");
            count.next();
            System.out.println("term rows: " + count.getLong(1));

            QueryParser parser = new QueryParser(new TermTokenizer());
            TimeRange day = new TimeRange(Instant.parse("2020-10-01T00:00:00Z"), Instant.parse("2020-10-02T00:00:00Z"));
            for (String text : new String[] {"accept 10.0.7", "10.0.7 user12007", "accept 10.0.7 user12007",
                "action:accept srcaddr:10.0.7"}) {
                SearchScope scope = new SearchScope(parser.parse(text), day, TagPermissions.all());
                long[] hits = new long[2];
                double[] millis = new double[2];
                for (SearchSql.AndStrategy strategy : SearchSql.AndStrategy.values()) {
                    BoundQuery query = new SearchSql(new DuckDbDialect(), strategy)
                            .tagCounts(scope, ResultFilter.none(day));
                    long[] runs = new long[7];
                    for (int run = 0; run < runs.length; run++) {
                        long start = System.nanoTime();
                        hits[strategy.ordinal()] = execute(connection, query);
                        runs[run] = System.nanoTime() - start;
                    }
                    Arrays.sort(runs);
                    millis[strategy.ordinal()] = runs[runs.length / 2] / 1e6;
                }
                assertThat(hits[0]).isEqualTo(hits[1]);
                System.out.printf("%-32s hits=%d INTERSECT %.1f ms, GROUP_BY %.1f ms, ratio GROUP_BY/INTERSECT %.2f%n",
                        text, hits[0], millis[0], millis[1], millis[1] / millis[0]);
            }
        }
    }

    private static long execute(Connection connection, BoundQuery query) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
            for (int i = 0; i < query.parameters().size(); i++) {
                Object value = query.parameters().get(i);
                if (value instanceof Long number) {
                    statement.setLong(i + 1, number);
                } else {
                    statement.setString(i + 1, (String) value);
                }
            }
            long total = 0;
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    total += result.getLong(2);
                }
            }
            return total;
        }
    }

    @Test
    void tokenizerThroughput() {
        TermTokenizer tokenizer = new TermTokenizer();
        String[] values = {"10.0.0.1", "arn:aws:iam::123456789012:user/alice", "ConsoleLogin", "ec2.amazonaws.com",
            "i-0123456789abcdef0", "us-east-1", "AKIAIOSFODNN7EXAMPLE", "1234567", "alice@example.com",
            "https://s3.amazonaws.com/bucket/key?versionId=3", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "ACCEPT"};
        Set<String> terms = new HashSet<>();
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            int n = 3_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                terms.clear();
                tokenizer.addTerms(values[i % values.length], terms);
                sink += terms.size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("tokenizer: %.1f million values/s (mixed AWS values, %d terms)%n", n / seconds / 1e6, sink);
        }
    }
}
