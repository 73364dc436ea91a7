package dev.minerva.core.warehouse.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Times a needle lookup against a warehouse written by {@link TermWriteBench}: a term that exists once, a term that
 * does not exist, and a full scan for comparison, through embedded DuckDB with hive partitioning.
 * {@code java -cp <test classpath> dev.minerva.core.warehouse.bench.NeedleBench <root>}.
 */
public final class NeedleBench {
    private NeedleBench() {}

    public static void main(String[] args) throws Exception {
        String terms = "read_parquet('" + args[0] + "/terms/*/*.parquet', hive_partitioning=true)";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            String needle = first(statement, "SELECT term FROM " + terms + " WHERE field = 'interface-id'"
                    + " GROUP BY term HAVING count(*) = 1 LIMIT 1");
            time(statement, "needle (present)", "SELECT object_id, seq FROM " + terms + " WHERE term = '" + needle + "'");
            time(statement, "needle (absent)", "SELECT object_id, seq FROM " + terms + " WHERE term = 'eni-absent'");
            time(statement, "full scan", "SELECT count(DISTINCT term) FROM " + terms);
            try (ResultSet plan = statement.executeQuery("EXPLAIN ANALYZE SELECT object_id, seq FROM " + terms
                    + " WHERE term = '" + needle + "'")) {
                while (plan.next()) {
                    System.out.println(plan.getString(2));
                }
            }
        }
    }

    private static String first(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void time(Statement statement, String label, String sql) throws Exception {
        long best = Long.MAX_VALUE;
        long count = 0;
        for (int i = 0; i < 5; i++) {
            long began = System.nanoTime();
            try (ResultSet rows = statement.executeQuery(sql)) {
                count = 0;
                while (rows.next()) {
                    count++;
                }
            }
            best = Math.min(best, System.nanoTime() - began);
        }
        System.out.printf("%s: %d rows, best of 5 %.1f ms%n", label, count, best / 1e6);
    }
}
