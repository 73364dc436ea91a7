package dev.minerva.core.terms;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * Walks a parsed record and pushes its (field path, term) pairs to a sink: dotted paths for nested maps
 * ({@code userIdentity.arn}), index positions for lists ({@code resources.0.arn}), numbers as exact decimal text,
 * booleans as {@code true}/{@code false}; nulls yield nothing.
 *
 * <p>Pairs are distinct per leaf and therefore per record, because every leaf has its own path; the one exception
 * is a key that itself contains a dot and collides with a nested path ({@code {"a.b":1,"a":{"b":1}}}), where a pair
 * may repeat. The search SQL deduplicates anyway (compaction can duplicate rows too), so this costs nothing but a row.
 *
 * <p>Not thread-safe: it reuses a path buffer and a term set between calls. Use one instance per indexing thread.
 */
public final class FieldTermExtractor {
    private final TermTokenizer tokenizer;
    private final StringBuilder path = new StringBuilder(64);
    private final DistinctTerms leafTerms = new DistinctTerms();

    public FieldTermExtractor(TermTokenizer tokenizer) {
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
    }

    /** Pushes every (field, term) pair of {@code record} to {@code sink}. */
    public void extract(Map<String, ?> record, FieldTermSink sink) {
        requireNonNull(record, "record is null");
        requireNonNull(sink, "sink is null");
        path.setLength(0);
        walkMap(record, sink);
    }

    private void walkMap(Map<?, ?> map, FieldTermSink sink) {
        int mark = path.length();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (mark > 0) {
                path.append('.');
            }
            path.append(entry.getKey());
            walk(entry.getValue(), sink);
            path.setLength(mark);
        }
    }

    private void walkList(List<?> list, FieldTermSink sink) {
        int mark = path.length();
        for (int i = 0; i < list.size(); i++) {
            if (mark > 0) {
                path.append('.');
            }
            path.append(i);
            walk(list.get(i), sink);
            path.setLength(mark);
        }
    }

    private void walk(Object value, FieldTermSink sink) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            walkMap(map, sink);
        } else if (value instanceof List<?> list) {
            walkList(list, sink);
        } else if (value instanceof String text) {
            leaf(text, sink);
        } else if (value instanceof Number number) {
            leaf(TermTokenizer.numberText(number), sink);
        } else if (value instanceof Boolean bool) {
            sink.accept(path.toString(), bool ? "true" : "false");
        } else {
            // Formats should only produce JSON-like values; index anything else by its text rather than lose it.
            leaf(value.toString(), sink);
        }
    }

    private void leaf(String text, FieldTermSink sink) {
        leafTerms.clear();
        tokenizer.addTerms(text, leafTerms);
        if (leafTerms.size() == 0) {
            return;
        }
        String field = path.toString();
        for (int i = 0; i < leafTerms.size(); i++) {
            sink.accept(field, leafTerms.get(i));
        }
    }
}
