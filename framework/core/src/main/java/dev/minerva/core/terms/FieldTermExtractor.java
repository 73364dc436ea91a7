package dev.minerva.core.terms;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Not thread-safe: it keeps the field paths it has built and a term set between calls. Use one instance per
 * indexing thread (or object): records of one source share their paths, so each path string is built once and the
 * same instance is passed for every record, which keeps a field lookup downstream to a cached hash.
 */
public final class FieldTermExtractor {
    private static final int MAX_KEPT_PATHS = 100_000;
    /**
     * How deep the walk goes; the indexer rejects deeper records before they get here (EntryLimits), so this only
     * keeps the recursion bounded for any other caller.
     */
    public static final int MAX_DEPTH = 64;

    private final TermTokenizer tokenizer;
    private final FieldPath root = new FieldPath("");
    private int keptPaths;
    private final DistinctTerms leafTerms = new DistinctTerms();

    public FieldTermExtractor(TermTokenizer tokenizer) {
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
    }

    /**
     * Pushes every (field, term) pair of {@code record} to {@code sink}.
     *
     * @throws IllegalArgumentException when the record nests maps and lists more than {@link #MAX_DEPTH} levels deep
     */
    public void extract(Map<String, ?> record, FieldTermSink sink) {
        requireNonNull(record, "record is null");
        requireNonNull(sink, "sink is null");
        walkMap(root, record, sink, 1);
    }

    private void walkMap(FieldPath parent, Map<?, ?> map, FieldTermSink sink, int depth) {
        checkDepth(parent, depth);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object value = entry.getValue();
            if (value != null) {
                walk(parent.child(entry.getKey()), value, sink, depth);
            }
        }
    }

    private void walkList(FieldPath parent, List<?> list, FieldTermSink sink, int depth) {
        checkDepth(parent, depth);
        for (int i = 0; i < list.size(); i++) {
            Object value = list.get(i);
            if (value != null) {
                walk(parent.element(i), value, sink, depth);
            }
        }
    }

    private static void checkDepth(FieldPath at, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Record nests more than " + MAX_DEPTH + " levels deep at '"
                    + at.path.substring(0, Math.min(200, at.path.length())) + "…'; reject such records before extracting terms");
        }
    }

    private void walk(FieldPath field, Object value, FieldTermSink sink, int depth) {
        if (value instanceof Map<?, ?> map) {
            walkMap(field, map, sink, depth + 1);
        } else if (value instanceof List<?> list) {
            walkList(field, list, sink, depth + 1);
        } else if (value instanceof String text) {
            leaf(field.path, text, sink);
        } else if (value instanceof Number number) {
            leaf(field.path, TermTokenizer.numberText(number), sink);
        } else if (value instanceof Boolean bool) {
            sink.accept(field.path, bool ? "true" : "false");
        } else {
            // Formats should only produce JSON-like values; index anything else by its text rather than lose it.
            leaf(field.path, value.toString(), sink);
        }
    }

    private void leaf(String field, String text, FieldTermSink sink) {
        leafTerms.clear();
        tokenizer.addTerms(text, leafTerms);
        if (leafTerms.size() == 0) {
            return;
        }
        for (int i = 0; i < leafTerms.size(); i++) {
            sink.accept(field, leafTerms.get(i));
        }
    }

    /**
     * A field path as text, with the paths below it made on first use and kept, up to a bound on how many this
     * extractor keeps: a long-lived extractor fed ever-new keys builds the paths beyond it afresh each time.
     */
    private final class FieldPath {
        private final String path;
        private Map<Object, FieldPath> children;
        private List<FieldPath> elements;

        FieldPath(String path) {
            this.path = path;
        }

        FieldPath child(Object key) {
            FieldPath child = children == null ? null : children.get(key);
            if (child == null) {
                child = new FieldPath(below(String.valueOf(key)));
                if (keptPaths < MAX_KEPT_PATHS) {
                    if (children == null) {
                        children = new HashMap<>();
                    }
                    children.put(key, child);
                    keptPaths++;
                }
            }
            return child;
        }

        FieldPath element(int index) {
            if (elements == null) {
                elements = new ArrayList<>();
            }
            while (elements.size() <= index && keptPaths < MAX_KEPT_PATHS) {
                elements.add(new FieldPath(below(Integer.toString(elements.size()))));
                keptPaths++;
            }
            return index < elements.size() ? elements.get(index) : new FieldPath(below(Integer.toString(index)));
        }

        private String below(String name) {
            // The root is the empty path: its children carry no leading dot (nor do children of an empty key).
            return path.isEmpty() ? name : path + "." + name;
        }
    }
}
