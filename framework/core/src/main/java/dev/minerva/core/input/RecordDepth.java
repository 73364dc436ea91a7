package dev.minerva.core.input;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/** Measures how deep a record's maps and lists nest, without recursion, so the check itself cannot overflow. */
final class RecordDepth {
    private RecordDepth() {}

    /** The first depth past {@code max} found in {@code fields}, or 0 when it nests at most {@code max} levels. */
    static int exceeds(Map<String, ?> fields, int max) {
        Deque<Object> values = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        values.push(fields);
        depths.push(1);
        while (!values.isEmpty()) {
            Object value = values.pop();
            int depth = depths.pop();
            if (depth > max) {
                return depth;
            }
            Collection<?> children = value instanceof Map<?, ?> map ? map.values() : (Collection<?>) value;
            for (Object child : children) {
                if (child instanceof Map<?, ?> || child instanceof Collection<?>) {
                    values.push(child);
                    depths.push(depth + 1);
                }
            }
        }
        return 0;
    }
}
