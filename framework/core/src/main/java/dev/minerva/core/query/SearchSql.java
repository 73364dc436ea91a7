package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compiles a {@link SearchScope} into the statements the search service runs: a page of hits, per-tag counts and a
 * per-tag histogram. Every value is a bound parameter; the SQL text holds only keywords and table names.
 *
 * <p>A query becomes a set of record keys {@code (object_id, seq, tag, ts)} built from the term table: a term is an
 * equality scan ({@code term = ?}, so Parquet statistics and bloom filters on the term-sorted files apply) limited to
 * the range's hour partitions ({@code dt BETWEEN ? AND ?}), the range ({@code ts}) and the permitted tags; AND is
 * INTERSECT (or one GROUP BY scan, see {@link AndStrategy}), OR is UNION, NOT is EXCEPT (a query of only NOTs
 * subtracts from every record in range, read from the messages table's key columns: allowed, but it scans the
 * range). Set operations deduplicate, and every statement selects DISTINCT keys, so a record that compaction briefly
 * left in two files counts once. Counts and histograms never read the message column; the page reads message rows
 * only for the keys of the page.
 *
 * <p>Every row of hour partition {@code dt} has its {@code ts} in that hour (the writer partitions by {@code ts}), so
 * a bound of the range on an hour boundary is implied by the partitions and left out. A term scan over several hours
 * checks an unaligned bound only in the hour it falls in ({@code dt > ? OR ts >= ?}): the term files are sorted by
 * term, so their row groups' {@code ts} statistics span the hour and prune nothing, while comparing {@code ts} in
 * every row group read costs as much as decoding the term.
 *
 * <p>Field names match case-insensitively ({@code lower(field) = ?}): the term files are sorted by term, not field,
 * so the field predicate only filters rows the term equality already selected and costs no pruning.
 */
public final class SearchSql {
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("uuuu-MM-dd-HH").withZone(ZoneOffset.UTC);
    private static final String KEYS = "object_id, seq, tag, ts";

    /** How an AND of several terms is evaluated; both give the same rows. */
    public enum AndStrategy {
        /** One scan per term, combined with INTERSECT. */
        INTERSECT,
        /** One scan for all terms, {@code GROUP BY} the record key {@code HAVING bool_or(term i)} for each term. */
        GROUP_BY
    }

    private final SqlDialect dialect;
    private final AndStrategy andStrategy;

    /**
     * Uses INTERSECT: on 3M DuckDB term rows it was 1.4–1.8× faster when a common term takes part and 0.5× (slower)
     * only for two rare terms (SearchSqlBenchmarkTest); common terms are the expensive case worth optimising.
     */
    public SearchSql(SqlDialect dialect) {
        this(dialect, AndStrategy.INTERSECT);
    }

    public SearchSql(SqlDialect dialect, AndStrategy andStrategy) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.andStrategy = requireNonNull(andStrategy, "andStrategy is null");
    }

    /**
     * The page of hits in the filter's tags and window; columns {@code tag, ts, message}, ordered by {@code ts}
     * (ties by object id and seq, so pages are stable).
     */
    public BoundQuery hits(SearchScope scope, ResultFilter filter, PageRequest page) {
        requireNonNull(page, "page is null");
        TimeRange window = scope.range().intersect(filter.window());
        Statement s = new Statement(scope, window);
        String direction = page.order() == SortOrder.NEWEST_FIRST ? "DESC" : "ASC";
        String order = "ts " + direction + ", object_id " + direction + ", seq " + direction;
        s.sql.append("WITH matched AS (");
        s.matchSet(scope.query());
        s.sql.append("),\nhits AS (SELECT DISTINCT ").append(KEYS).append(" FROM matched WHERE 1 = 1");
        s.tagIn(filter.tags(), "");
        s.sql.append("),\npage AS (SELECT ").append(KEYS).append(" FROM hits ORDER BY ").append(order)
                .append(" OFFSET ? LIMIT ?)\n");
        s.parameters.add(page.offset());
        s.parameters.add(page.limit());
        // A record duplicated by compaction joins twice; min() picks one of the identical messages.
        s.sql.append("SELECT p.tag, p.ts, min(m.message) AS message FROM page p JOIN ").append(dialect.messagesTable())
                .append(" m ON m.object_id = p.object_id AND m.seq = p.seq WHERE ");
        s.rangeConditions("m.");
        s.sql.append("\nGROUP BY p.object_id, p.seq, p.tag, p.ts ORDER BY p.").append(order.replace(", ", ", p."));
        return s.bound();
    }

    /**
     * The distinct key of every hit; columns {@code object_id, seq, tag, ts}, unordered. A search service keeps
     * these rows once (a table, a result file) so that counts, histograms and pages over them do not scan the term
     * table again.
     */
    public BoundQuery keys(SearchScope scope) {
        Statement s = new Statement(scope, scope.range());
        s.sql.append("WITH matched AS (");
        s.matchSet(scope.query());
        s.sql.append(")\nSELECT DISTINCT ").append(KEYS).append(" FROM matched");
        return s.bound();
    }

    /**
     * Hits per tag over the whole searched range; columns {@code tag, hits, filtered_hits} where
     * {@code filtered_hits} counts those inside the filter's tags and window. Total = sum of hits; sub-total = sum
     * of filtered_hits; tags with no hit have no row.
     */
    public BoundQuery tagCounts(SearchScope scope, ResultFilter filter) {
        TimeRange window = scope.range().intersect(filter.window());
        Statement s = new Statement(scope, scope.range());
        s.sql.append("WITH matched AS (");
        s.matchSet(scope.query());
        s.sql.append("),\nhits AS (SELECT DISTINCT ").append(KEYS).append(" FROM matched)\n")
                .append("SELECT tag, count(*) AS hits, CAST(count_if(ts >= ").append(dialect.timestampParameter())
                .append(" AND ts < ").append(dialect.timestampParameter());
        s.parameters.add(dialect.timestampValue(window.from()));
        s.parameters.add(dialect.timestampValue(window.to()));
        s.tagIn(filter.tags(), "");
        // DuckDB's count_if is HUGEINT; the cast gives BIGINT (getLong) on both engines.
        s.sql.append(") AS BIGINT) AS filtered_hits FROM hits GROUP BY tag ORDER BY tag");
        return s.bound();
    }

    /**
     * Hits per tag in {@code bins} equal bins over {@code over}; columns {@code tag, bin, hits} with bin in
     * [0, bins); bin i covers [from + i·span/bins, from + (i+1)·span/bins) in integer milliseconds. Empty bins have
     * no row.
     */
    public BoundQuery histogram(SearchScope scope, TimeRange over, int bins) {
        if (bins < 1 || bins > 10_000) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "bins must be between 1 and 10000, got " + bins);
        }
        Statement s = new Statement(scope, scope.range().intersect(over));
        long from = over.from().toEpochMilli();
        long span = over.to().toEpochMilli() - from;
        s.sql.append("WITH matched AS (");
        s.matchSet(scope.query());
        s.sql.append("),\nhits AS (SELECT DISTINCT ").append(KEYS).append(" FROM matched)\n")
                .append("SELECT tag, CAST(floor((").append(dialect.epochMillis("ts"))
                .append(" - ?) * ? / ?) AS BIGINT) AS bin, count(*) AS hits FROM hits GROUP BY 1, 2 ORDER BY 1, 2");
        s.parameters.add(from);
        s.parameters.add((long) bins);
        s.parameters.add(span);
        return s.bound();
    }

    /** One statement under construction: its text, its parameters and the range every scan is limited to. */
    private final class Statement {
        final StringBuilder sql = new StringBuilder(512);
        final List<Object> parameters = new ArrayList<>();
        private final TimeRange range;
        private final String firstHour;
        private final String lastHour;
        private final TagPermissions permissions;

        Statement(SearchScope scope, TimeRange range) {
            this.range = range;
            this.permissions = scope.permissions();
            this.firstHour = HOUR.format(range.from());
            // The range is half-open and timestamps have millisecond precision: the last hour is that of to - 1 ms.
            this.lastHour = HOUR.format(range.to().minus(1, ChronoUnit.MILLIS));
        }

        BoundQuery bound() {
            return new BoundQuery(sql.toString(), parameters);
        }

        /** Partition, time range and permitted tags, for a relation (optionally aliased) with dt, ts and tag. */
        void scopeConditions(String prefix) {
            rangeConditions(prefix);
            permittedTags(prefix);
        }

        /** As {@link #scopeConditions} for a scan of the term table: unaligned bounds checked in their own hour only. */
        void termScopeConditions() {
            partitions("");
            boolean severalHours = !firstHour.equals(lastHour);
            timeBound("", ">=", range.from(), severalHours ? "dt > ?" : null, firstHour);
            timeBound("", "<", range.to(), severalHours ? "dt < ?" : null, lastHour);
            permittedTags("");
        }

        private void permittedTags(String prefix) {
            if (permissions.unrestricted()) {
                return;
            }
            if (permissions.tags().isEmpty()) {
                sql.append(" AND 1 = 0");
                return;
            }
            if (permissions.prefixes().isEmpty()) {
                tagIn(permissions.tags(), prefix);
                return;
            }
            // Permitted prefixes (aws.*) as starts_with, beside the exact tags' IN list.
            sql.append(" AND (");
            String separator = "";
            if (!permissions.exactTags().isEmpty()) {
                inList(sql, parameters, prefix + "tag", permissions.exactTags());
                separator = " OR ";
            }
            for (String start : permissions.prefixes()) {
                sql.append(separator).append("starts_with(").append(prefix).append("tag, ?)");
                parameters.add(start);
                separator = " OR ";
            }
            sql.append(')');
        }

        void rangeConditions(String prefix) {
            partitions(prefix);
            timeBound(prefix, ">=", range.from(), null, null);
            timeBound(prefix, "<", range.to(), null, null);
        }

        /**
         * {@code ts <comparison> bound}, left out when the bound is on an hour (the partitions imply it); with
         * {@code otherHours} (a condition on dt with one parameter, {@code hour}) the comparison applies only where
         * that condition does not hold, the hour the bound falls in.
         */
        private void timeBound(String prefix, String comparison, Instant bound, String otherHours, String hour) {
            if (onHour(bound)) {
                return;
            }
            sql.append(" AND ");
            if (otherHours != null) {
                sql.append('(').append(prefix).append(otherHours).append(" OR ");
                parameters.add(hour);
            }
            sql.append(prefix).append("ts ").append(comparison).append(' ').append(dialect.timestampParameter());
            if (otherHours != null) {
                sql.append(')');
            }
            parameters.add(dialect.timestampValue(bound));
        }

        private void partitions(String prefix) {
            sql.append(prefix).append("dt BETWEEN ? AND ?");
            parameters.add(firstHour);
            parameters.add(lastHour);
        }

        void tagIn(Set<String> tags, String prefix) {
            if (!tags.isEmpty()) {
                sql.append(" AND ");
                inList(sql, parameters, prefix + "tag", tags);
            }
        }

        /** Appends a query expression selecting the keys of the records matching {@code query}. */
        void matchSet(Query query) {
            // Java 17: no pattern switch; the sealed hierarchy keeps this list complete.
            if (query instanceof TermQuery term) {
                termScan(List.of(term));
            } else if (query instanceof PhraseQuery phrase) {
                phrase(phrase);
            } else if (query instanceof TagQuery tag) {
                universe(List.of(tag));
            } else if (query instanceof NotQuery not) {
                operand(() -> universe(List.of()));
                sql.append(" EXCEPT ");
                operand(() -> matchSet(not.operand()));
            } else if (query instanceof OrQuery or) {
                for (int i = 0; i < or.operands().size(); i++) {
                    if (i > 0) {
                        sql.append(" UNION ");
                    }
                    Query operand = or.operands().get(i);
                    operand(() -> matchSet(operand));
                }
            } else {
                and((AndQuery) query);
            }
        }

        private void and(AndQuery and) {
            List<TagQuery> tags = new ArrayList<>();
            List<Query> negated = new ArrayList<>();
            List<TermQuery> terms = new ArrayList<>();
            List<Query> others = new ArrayList<>();
            for (Query operand : and.operands()) {
                if (operand instanceof TagQuery tag) {
                    tags.add(tag);
                } else if (operand instanceof NotQuery not) {
                    negated.add(not.operand());
                } else if (operand instanceof TermQuery term) {
                    terms.add(term);
                } else {
                    others.add(operand);
                }
            }
            List<Runnable> positives = new ArrayList<>();
            if (andStrategy == AndStrategy.GROUP_BY && terms.size() > 1) {
                positives.add(() -> termScan(terms));
            } else {
                terms.forEach(term -> positives.add(() -> termScan(List.of(term))));
            }
            others.forEach(other -> positives.add(() -> matchSet(other)));
            Runnable base;
            if (positives.isEmpty()) {
                // Only tags and negations: the tags narrow the universe directly.
                base = () -> universe(tags);
            } else if (tags.isEmpty()) {
                base = () -> intersect(positives);
            } else {
                // The keys carry the tag, so a tag in an AND is a filter on the intersection, not another scan.
                base = () -> {
                    sql.append("SELECT ").append(KEYS).append(" FROM (");
                    intersect(positives);
                    sql.append(") t WHERE ");
                    tagConditions(tags);
                };
            }
            if (negated.isEmpty()) {
                base.run();
                return;
            }
            operand(base);
            sql.append(" EXCEPT ");
            if (negated.size() == 1) {
                operand(() -> matchSet(negated.get(0)));
            } else {
                operand(() -> matchSet(new OrQuery(negated)));
            }
        }

        private void intersect(List<Runnable> operands) {
            if (operands.size() == 1) {
                operands.get(0).run();
                return;
            }
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    sql.append(" INTERSECT ");
                }
                operand(operands.get(i));
            }
        }

        private void operand(Runnable body) {
            sql.append('(');
            body.run();
            sql.append(')');
        }

        /** One scan of the term table; several terms are combined per record with GROUP BY … HAVING. */
        private void termScan(List<TermQuery> terms) {
            sql.append("SELECT ").append(KEYS).append(" FROM ").append(dialect.termsTable()).append(" WHERE ");
            termScopeConditions();
            if (terms.size() == 1) {
                sql.append(" AND ");
                termCondition(terms.get(0));
                return;
            }
            sql.append(" AND (");
            for (int i = 0; i < terms.size(); i++) {
                sql.append(i > 0 ? " OR (" : "(");
                termCondition(terms.get(i));
                sql.append(')');
            }
            sql.append(") GROUP BY ").append(KEYS).append(" HAVING ");
            for (int i = 0; i < terms.size(); i++) {
                sql.append(i > 0 ? " AND bool_or(" : "bool_or(");
                termCondition(terms.get(i));
                sql.append(')');
            }
        }

        private void termCondition(TermQuery term) {
            sql.append("term = ?");
            parameters.add(term.term());
            term.field().ifPresent(field -> {
                sql.append(" AND lower(field) = ?");
                parameters.add(field.toLowerCase(Locale.ROOT));
            });
        }

        /** Records having all the phrase's terms whose message contains its text (JSON-escaped, lower-cased). */
        private void phrase(PhraseQuery phrase) {
            sql.append("SELECT m.object_id, m.seq, m.tag, m.ts FROM ").append(dialect.messagesTable())
                    .append(" m JOIN (");
            List<Runnable> scans = new ArrayList<>();
            for (String term : phrase.terms()) {
                scans.add(() -> termScan(List.of(new TermQuery(phrase.field(), term))));
            }
            intersect(scans);
            sql.append(") p ON m.object_id = p.object_id AND m.seq = p.seq WHERE ");
            rangeConditions("m.");
            sql.append(" AND strpos(lower(m.message), ?) > 0");
            parameters.add(jsonEscaped(phrase.text()).toLowerCase(Locale.ROOT));
        }

        /** Every record in range (key columns of the messages table), optionally narrowed to tags. */
        private void universe(List<TagQuery> tags) {
            sql.append("SELECT ").append(KEYS).append(" FROM ").append(dialect.messagesTable()).append(" WHERE ");
            scopeConditions("");
            if (!tags.isEmpty()) {
                sql.append(" AND ");
                tagConditions(tags);
            }
        }

        private void tagConditions(List<TagQuery> tags) {
            for (int i = 0; i < tags.size(); i++) {
                TagQuery tag = tags.get(i);
                sql.append(i > 0 ? " AND " : "").append(tag.isPrefix() ? "starts_with(tag, ?)" : "tag = ?");
                parameters.add(tag.prefix());
            }
        }
    }

    /** The phrase as it appears inside a JSON string of the stored message (quotes and backslashes escaped). */
    static String jsonEscaped(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends {@code column IN (?, …)} with one bound parameter per value; {@code values} must not be empty. */
    public static void inList(StringBuilder sql, List<Object> parameters, String column, Collection<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an IN list needs at least one value for " + column);
        }
        sql.append(column).append(" IN (");
        String separator = "";
        for (Object value : values) {
            sql.append(separator).append('?');
            parameters.add(value);
            separator = ", ";
        }
        sql.append(')');
    }

    /**
     * Appends {@code ts >= ? AND ts < ?} for [from, to) (and {@code AND tag IN (…)} when {@code tags} is not empty),
     * the columns prefixed with {@code prefix}, such as {@code "m."}.
     */
    public static void windowAndTags(SqlDialect dialect, StringBuilder sql, List<Object> parameters, String prefix,
            Instant from, Instant to, Set<String> tags) {
        sql.append(prefix).append("ts >= ").append(dialect.timestampParameter()).append(" AND ").append(prefix)
                .append("ts < ").append(dialect.timestampParameter());
        parameters.add(dialect.timestampValue(from));
        parameters.add(dialect.timestampValue(to));
        if (!tags.isEmpty()) {
            sql.append(" AND ");
            inList(sql, parameters, prefix + "tag", tags);
        }
    }

    /** Whether an instant is the start of an hour, the bound of a partition. */
    static boolean onHour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS).equals(instant);
    }

    /** The start of an hour partition ({@code yyyy-MM-dd-HH}, UTC). */
    public static Instant hourStart(String partition) {
        return LocalDateTime.parse(partition, HOUR).toInstant(ZoneOffset.UTC);
    }

    /** The hour partition value ({@code yyyy-MM-dd-HH}, UTC) of an instant, as the warehouse writes it. */
    public static String hourPartition(Instant instant) {
        return HOUR.format(instant);
    }
}
