package dev.minerva.core.terms;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The distinct terms of one value, reused from value to value. Most values yield a handful of terms, which a
 * linear scan deduplicates faster than hashing each one into a set; values with many terms fall back to a set.
 */
final class DistinctTerms implements TermConsumer {
    private static final int LINEAR_LIMIT = 16;

    private String[] items = new String[LINEAR_LIMIT];
    private int size;
    private final Set<String> many = new HashSet<>();

    @Override
    public void accept(String term) {
        if (size < LINEAR_LIMIT) {
            for (int i = 0; i < size; i++) {
                if (items[i].equals(term)) {
                    return;
                }
            }
            if (size == LINEAR_LIMIT - 1) {
                many.addAll(Arrays.asList(items).subList(0, size));
                many.add(term);
            }
        } else if (!many.add(term)) {
            return;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = term;
    }

    int size() {
        return size;
    }

    String get(int i) {
        return items[i];
    }

    void clear() {
        if (size >= LINEAR_LIMIT) {
            many.clear();
        }
        Arrays.fill(items, 0, size, null);
        size = 0;
    }
}
