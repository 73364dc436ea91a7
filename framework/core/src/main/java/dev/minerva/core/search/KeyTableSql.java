package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.query.BoundQuery;
import dev.minerva.core.query.SearchSql;
import dev.minerva.core.query.SortOrder;
import dev.minerva.core.query.SqlDialect;
import dev.minerva.core.query.TimeRange;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Statements over the kept keys of a search (a table with columns object_id, seq, tag, ts): counts, histogram and
 * pages read that small table instead of scanning the term table again; only a page reads messages, for its keys.
 */
final class KeyTableSql {
    /** Beyond this many keys (pages of up to 10,000 rows) the IN lists are left out; the join suffices. */
    static final int MAX_KEY_CONSTANTS = 1000;

    private final SqlDialect dialect;

    KeyTableSql(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** Columns tag, hits, filtered_hits (inside the window and tags); one row per tag with hits. */
    BoundQuery tagCounts(String table, TimeRange window, Set<String> tags) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT tag, count(*) AS hits, CAST(count_if(");
        windowAndTags(sql, parameters, "", window, tags);
        // DuckDB's count_if is HUGEINT; the cast gives BIGINT on every engine.
        sql.append(") AS BIGINT) AS filtered_hits FROM ").append(table).append(" GROUP BY tag ORDER BY tag");
        return new BoundQuery(sql.toString(), parameters);
    }

    /** Columns tag, bin, hits, as {@link SearchSql#histogram}. */
    BoundQuery histogram(String table, TimeRange over, int bins) {
        long from = over.from().toEpochMilli();
        long span = over.to().toEpochMilli() - from;
        String sql = "SELECT tag, CAST(floor((" + dialect.epochMillis("ts") + " - ?) * ? / ?) AS BIGINT) AS bin,"
                + " count(*) AS hits FROM " + table + " GROUP BY 1, 2 ORDER BY 1, 2";
        return new BoundQuery(sql, List.of(from, (long) bins, span));
    }

    /**
     * Columns ts, object_id, seq of one page's keys, in page order: read first to learn which hours, objects and
     * sequence numbers hold the page, so that the page's message scan can be told them as constants.
     */
    BoundQuery pageKeys(String table, TimeRange window, Set<String> tags, SortOrder order, long limit, long offset) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ts, object_id, seq FROM ").append(table).append(" WHERE ");
        pageKeyConditions(sql, parameters, window, tags, order, limit, offset);
        return new BoundQuery(sql.toString(), parameters);
    }

    /**
     * Columns tag, ts, message of one page, ordered by ts then object id and seq, as {@link SearchSql#hits}. Only the
     * message partitions in {@code keys.hours()} are read: the hours of the page's own keys, so a page of a long range
     * touches the few hours its hits are in rather than every hour of the range.
     *
     * <p>Up to {@value #MAX_KEY_CONSTANTS} keys, the page's object ids and sequence numbers are also given as
     * constants beside the join: Trino and Athena may start scanning before a join's dynamic filter arrives, and a
     * constant predicate reaches the Parquet reader, which then skips the row groups (files are sorted by object_id,
     * seq) whose statistics hold none of them. Engines prune each column's list on its own, so a row group passes if it
     * holds any listed object and any listed seq. So the messages are read by one scan per hour partition of the page,
     * given that hour's object ids and sequence numbers only: each hour's file is still opened once, and fewer of its
     * row groups pass by an object or sequence number that belongs to another hour; an engine that prunes by each
     * disjunct of an OR is given each object with its own sequence numbers ({@link SqlDialect#prunesByDisjuncts}).
     * One scan per hour and object would be precise too, but scans a file once per object: on DuckDB at 1 GB the page
     * took several times longer, and on Trino every scan reads the file's footer again (5.17 MB against 2.24 MB).
     */
    BoundQuery page(String table, TimeRange window, Set<String> tags, SortOrder order, long limit, long offset,
            PageKeys keys) {
        if (keys.hours().isEmpty()) {
            throw new IllegalArgumentException("a page needs the hours of its keys");
        }
        List<Object> parameters = new ArrayList<>();
        String direction = order == SortOrder.NEWEST_FIRST ? "DESC" : "ASC";
        StringBuilder sql = new StringBuilder("WITH page AS (SELECT object_id, seq, tag, ts FROM ").append(table)
                .append(" WHERE ");
        pageKeyConditions(sql, parameters, window, tags, order, limit, offset);
        sql.append(")\n");
        sql.append("SELECT p.tag, p.ts, min(m.message) AS message FROM page p JOIN ");
        if (keys.size() > MAX_KEY_CONSTANTS) {
            sql.append(dialect.messagesTable()).append(" m ON m.object_id = p.object_id AND m.seq = p.seq WHERE ");
            SearchSql.inList(sql, parameters, "m.dt", keys.hours());
            sql.append(" AND ");
            windowAndTags(sql, parameters, "m.", window, Set.of());
        } else {
            sql.append('(');
            String separator = "";
            for (Map.Entry<String, SortedMap<String, SortedSet<Long>>> hour : keys.byHour().entrySet()) {
                sql.append(separator);
                messageScan(sql, parameters, window, hour.getKey(), hour.getValue());
                separator = "\nUNION ALL ";
            }
            sql.append(") m ON m.object_id = p.object_id AND m.seq = p.seq");
        }
        // A record compaction briefly left in two files joins twice; min() picks one of the identical messages.
        sql.append("\nGROUP BY p.object_id, p.seq, p.tag, p.ts ORDER BY p.ts ").append(direction)
                .append(", p.object_id ").append(direction).append(", p.seq ").append(direction);
        return new BoundQuery(sql.toString(), parameters);
    }

    /**
     * One hour's scan of the messages, for that hour's object ids and sequence numbers, inside the window: two IN
     * lists, or where the engine prunes by disjuncts, an OR of each object with its own sequence numbers.
     */
    private void messageScan(StringBuilder sql, List<Object> parameters, TimeRange window, String hour,
            SortedMap<String, SortedSet<Long>> objects) {
        sql.append("SELECT object_id, seq, message FROM ").append(dialect.messagesTable()).append(" WHERE dt = ? AND ");
        parameters.add(hour);
        if (dialect.prunesByDisjuncts()) {
            sql.append('(');
            String separator = "";
            for (Map.Entry<String, SortedSet<Long>> object : objects.entrySet()) {
                sql.append(separator).append("(object_id = ? AND ");
                parameters.add(object.getKey());
                SearchSql.inList(sql, parameters, "seq", object.getValue());
                sql.append(')');
                separator = " OR ";
            }
            sql.append(')');
        } else {
            SearchSql.inList(sql, parameters, "object_id", objects.keySet());
            sql.append(" AND ");
            SortedSet<Long> seqs = new TreeSet<>();
            objects.values().forEach(seqs::addAll);
            SearchSql.inList(sql, parameters, "seq", seqs);
        }
        // The hour's rows are inside the window unless a bound of the window falls within the hour.
        Instant hourStart = SearchSql.hourStart(hour);
        if (hourStart.isBefore(window.from())) {
            sql.append(" AND ts >= ").append(dialect.timestampParameter());
            parameters.add(dialect.timestampValue(window.from()));
        }
        if (hourStart.plus(1, ChronoUnit.HOURS).isAfter(window.to())) {
            sql.append(" AND ts < ").append(dialect.timestampParameter());
            parameters.add(dialect.timestampValue(window.to()));
        }
    }

    /** What {@link #pageKeys} returned, gathered by hour partition and object id: the sequence numbers of a page. */
    record PageKeys(SortedMap<String, SortedMap<String, SortedSet<Long>>> byHour) {
        PageKeys() {
            this(new TreeMap<>());
        }

        void add(Instant ts, String objectId, long seq) {
            byHour.computeIfAbsent(SearchSql.hourPartition(ts), hour -> new TreeMap<>())
                    .computeIfAbsent(objectId, object -> new TreeSet<>()).add(seq);
        }

        SortedSet<String> hours() {
            return new TreeSet<>(byHour.keySet());
        }

        /** The number of distinct (hour, object, seq) keys. */
        int size() {
            return byHour.values().stream().flatMap(objects -> objects.values().stream()).mapToInt(Set::size).sum();
        }
    }

    private void pageKeyConditions(StringBuilder sql, List<Object> parameters, TimeRange window, Set<String> tags,
            SortOrder order, long limit, long offset) {
        String direction = order == SortOrder.NEWEST_FIRST ? "DESC" : "ASC";
        windowAndTags(sql, parameters, "", window, tags);
        sql.append(" ORDER BY ts ").append(direction).append(", object_id ").append(direction).append(", seq ")
                .append(direction).append(" OFFSET ? LIMIT ?");
        parameters.add(offset);
        parameters.add(limit);
    }

    private void windowAndTags(StringBuilder sql, List<Object> parameters, String prefix, TimeRange window,
            Set<String> tags) {
        SearchSql.windowAndTags(dialect, sql, parameters, prefix, window.from(), window.to(), tags);
    }
}
