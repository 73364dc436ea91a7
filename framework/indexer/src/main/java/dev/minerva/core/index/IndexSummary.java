package dev.minerva.core.index;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The outcomes of one indexing run and the totals a summary line shows. */
public record IndexSummary(List<IndexOutcome> outcomes, long elapsedMillis) {
    public IndexSummary {
        outcomes = List.copyOf(requireNonNull(outcomes, "outcomes is null"));
    }

    public long count(IndexOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    public long records() {
        return outcomes.stream().mapToLong(IndexOutcome::records).sum();
    }

    public long rejections() {
        return outcomes.stream().mapToLong(IndexOutcome::rejections).sum();
    }

    public long skipped() {
        return outcomes.stream().mapToLong(IndexOutcome::skipped).sum();
    }

    public long bytesIn() {
        return outcomes.stream().mapToLong(IndexOutcome::bytesIn).sum();
    }

    public long bytesWritten() {
        return outcomes.stream().mapToLong(IndexOutcome::bytesWritten).sum();
    }

    /** Raw input megabytes per second of wall time, over the objects actually indexed. */
    public double megabytesPerSecond() {
        long indexedBytes = outcomes.stream().filter(o -> o.status() == IndexOutcome.Status.INDEXED).mapToLong(IndexOutcome::bytesIn).sum();
        return elapsedMillis == 0 ? 0 : indexedBytes / 1e6 / (elapsedMillis / 1000.0);
    }
}
