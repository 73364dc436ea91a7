package dev.minerva.aws.athena;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.query.BoundQuery;
import dev.minerva.core.query.SearchSql;
import dev.minerva.core.query.SortOrder;
import dev.minerva.core.query.TimeRange;
import dev.minerva.core.query.TrinoDialect;
import dev.minerva.core.search.SearchId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Statements over one search's kept keys in the shared table {@code minerva_search_keys} (partition
 * {@code search_id}), for Athena: like {@link KeyTableSql}, but every {@code ?} sits in a WHERE clause, the only
 * place Athena documents ExecutionParameters as allowed. So filtered counts are a second aggregate (UNION ALL), the
 * histogram one aggregate per bin, and a page is a range of {@code row_number()} rather than OFFSET/LIMIT.
 */
final class AthenaKeySql {
    private final TrinoDialect dialect;
    private final String keysTable;

    AthenaKeySql(TrinoDialect dialect, String keysTable) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.keysTable = requireNonNull(keysTable, "keysTable is null");
    }

    /** Columns kind ('total' over all kept keys, 'window' inside the window and tags), tag, hits. */
    BoundQuery tagCounts(SearchId id, TimeRange window, Set<String> tags) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT 'total' AS kind, tag, count(*) AS hits FROM ").append(keysTable)
                .append(" WHERE search_id = ? GROUP BY tag\nUNION ALL\nSELECT 'window' AS kind, tag, count(*) AS hits FROM ")
                .append(keysTable).append(" WHERE search_id = ? AND ");
        parameters.add(id.toString());
        parameters.add(id.toString());
        windowAndTags(sql, parameters, "", window.from(), window.to(), tags);
        sql.append(" GROUP BY tag");
        return new BoundQuery(sql.toString(), parameters);
    }

    /**
     * Columns tag, bin, hits; bin i covers the same milliseconds as in {@link SearchSql#histogram}, over {@code over},
     * and the last bin runs on to {@code lastEnd} (the search's exclusive end), where the local histogram clamps.
     */
    BoundQuery histogram(SearchId id, TimeRange over, Instant lastEnd, int bins) {
        long from = over.from().toEpochMilli();
        long span = over.to().toEpochMilli() - from;
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < bins; i++) {
            // Bin i holds t with floor((t - from) * bins / span) = i: from its first millisecond to the next bin's.
            Instant start = Instant.ofEpochMilli(from + Math.floorDiv(i * span + bins - 1, bins));
            Instant end = i == bins - 1 ? lastEnd
                    : Instant.ofEpochMilli(from + Math.floorDiv((i + 1) * span + bins - 1, bins));
            if (i > 0) {
                sql.append("\nUNION ALL\n");
            }
            // The bin number is part of the statement's shape, not a value from the request.
            sql.append("SELECT tag, CAST(").append(i).append(" AS BIGINT) AS bin, count(*) AS hits FROM ")
                    .append(keysTable).append(" WHERE search_id = ? AND ");
            parameters.add(id.toString());
            windowAndTags(sql, parameters, "", start, end, Set.of());
            sql.append(" GROUP BY tag");
        }
        return new BoundQuery(sql.toString(), parameters);
    }

    /** Columns tag, ts, message of one page, ordered as {@link KeyTableSql#page}. */
    BoundQuery page(SearchId id, TimeRange window, Set<String> tags, SortOrder order, long limit, long offset) {
        List<Object> parameters = new ArrayList<>();
        String direction = order == SortOrder.NEWEST_FIRST ? "DESC" : "ASC";
        StringBuilder sql = new StringBuilder("WITH ranked AS (SELECT object_id, seq, tag, ts, row_number() OVER "
                + "(ORDER BY ts " + direction + ", object_id " + direction + ", seq " + direction + ") AS rn FROM ")
                .append(keysTable).append(" WHERE search_id = ? AND ");
        parameters.add(id.toString());
        windowAndTags(sql, parameters, "", window.from(), window.to(), tags);
        sql.append("),\npage AS (SELECT object_id, seq, tag, ts, rn FROM ranked WHERE rn > ? AND rn <= ?)\n");
        parameters.add(offset);
        parameters.add(offset + limit);
        sql.append("SELECT p.tag, p.ts, min(m.message) AS message FROM page p JOIN ").append(dialect.messagesTable())
                .append(" m ON m.object_id = p.object_id AND m.seq = p.seq WHERE m.dt BETWEEN ? AND ? AND ");
        parameters.add(SearchSql.hourPartition(window.from()));
        parameters.add(SearchSql.hourPartition(window.to().minus(1, ChronoUnit.MILLIS)));
        windowAndTags(sql, parameters, "m.", window.from(), window.to(), Set.of());
        // A record compaction briefly left in two files joins twice; min() picks one of the identical messages.
        sql.append("\nGROUP BY p.rn, p.tag, p.ts ORDER BY p.rn");
        return new BoundQuery(sql.toString(), parameters);
    }

    private void windowAndTags(StringBuilder sql, List<Object> parameters, String prefix, Instant from, Instant to,
            Set<String> tags) {
        SearchSql.windowAndTags(dialect, sql, parameters, prefix, from, to, tags);
    }
}
