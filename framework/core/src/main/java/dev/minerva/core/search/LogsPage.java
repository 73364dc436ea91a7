package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.query.PageRequest;
import dev.minerva.core.query.SortOrder;
import dev.minerva.spi.MinervaException;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which hits of a finished search to show: at most {@code limit} after {@code offset}, only {@code tags} (empty
 * means all), only timestamps in [begin, end), in {@code order}. Begin and end default to the widest instants, so
 * the window is the searched range.
 */
public record LogsPage(long limit, long offset, SortedSet<String> tags, Instant begin, Instant end, SortOrder order) {
    public LogsPage {
        requireNonNull(order, "order is null");
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(tags, "tags is null")));
        requireNonNull(begin, "begin is null");
        requireNonNull(end, "end is null");
        // Same bounds as the original API: limit 1..10000, offset >= 0.
        new PageRequest(limit, offset, order);
        if (!begin.isBefore(end)) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "begin " + begin + " must be before end " + end);
        }
    }

    /** The first {@code limit} hits, newest first, all tags, the whole range. */
    public static LogsPage first(long limit) {
        return new LogsPage(limit, 0, new TreeSet<>(), Instant.MIN, Instant.MAX, SortOrder.NEWEST_FIRST);
    }

    public LogsPage withOffset(long newOffset) {
        return new LogsPage(limit, newOffset, tags, begin, end, order);
    }

    public LogsPage withTags(Set<String> newTags) {
        return new LogsPage(limit, offset, new TreeSet<>(newTags), begin, end, order);
    }

    public LogsPage withWindow(Instant newBegin, Instant newEnd) {
        return new LogsPage(limit, offset, tags, newBegin, newEnd, order);
    }

    public LogsPage withOrder(SortOrder newOrder) {
        return new LogsPage(limit, offset, tags, begin, end, newOrder);
    }
}
