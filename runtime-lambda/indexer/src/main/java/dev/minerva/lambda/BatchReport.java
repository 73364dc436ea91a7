package dev.minerva.lambda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one SQS batch did, for the summary log line and the tests: counts per outcome and the ids of the messages
 * to retry. Filled by one invocation on one thread.
 */
final class BatchReport {
    /** How an object or message ended. */
    enum Count {
        MESSAGES, OBJECTS, INDEXED, UNCHANGED, NO_SOURCE, MISSING, IGNORED, DROPPED_MESSAGES, DROPPED_OBJECTS,
        FAILED_OBJECTS, DEFERRED_MESSAGES, RECORDS, REJECTIONS, BYTES_IN, BYTES_WRITTEN
    }

    private final Map<Count, Long> counts = new LinkedHashMap<>();
    private final List<String> retry = new ArrayList<>();

    BatchReport() {
        for (Count count : Count.values()) {
            counts.put(count, 0L);
        }
    }

    void add(Count count, long n) {
        counts.merge(count, n, Long::sum);
    }

    void increment(Count count) {
        add(count, 1);
    }

    void retry(String messageId) {
        retry.add(messageId);
    }

    long count(Count count) {
        return counts.get(count);
    }

    /** The message ids to report as batch item failures, in batch order. */
    List<String> retried() {
        return List.copyOf(retry);
    }

    Map<String, Long> counts() {
        Map<String, Long> named = new LinkedHashMap<>();
        counts.forEach((k, v) -> named.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        return named;
    }
}
