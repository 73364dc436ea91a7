package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.query.PageRequest;
import dev.minerva.core.query.SortOrder;
import dev.minerva.core.query.TagPermissions;
import dev.minerva.spi.MinervaException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which hits of a finished search to show: at most {@code limit} (0 for the counts alone) after {@code offset}, only
 * {@code tags} (empty means all), only timestamps in [begin, end), in {@code order}, and only tags the reader may
 * see ({@code visible}). Begin and end default to the widest instants, so the window is the searched range.
 *
 * <p>{@code visible} is the reader's permission, which may be narrower than the one the search started with (a
 * shared link opened by another role): totals, tags and pages then count only what the reader may see.
 */
public record LogsPage(long limit, long offset, SortedSet<String> tags, Instant begin, Instant end, SortOrder order,
        TagPermissions visible) {
    public LogsPage {
        requireNonNull(order, "order is null");
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(tags, "tags is null")));
        requireNonNull(begin, "begin is null");
        requireNonNull(end, "end is null");
        requireNonNull(visible, "visible is null");
        // Same bounds as the original API: limit 0..10000 (0 asks for the counts only), offset >= 0.
        if (limit < 0 || limit > PageRequest.MAX_LIMIT) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "limit must be between 0 and " + PageRequest.MAX_LIMIT + ", got " + limit);
        }
        new PageRequest(Math.max(limit, 1), offset, order);
        if (!begin.isBefore(end)) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "begin " + begin + " must be before end " + end);
        }
    }

    /** A page every tag of the search may show in. */
    public LogsPage(long limit, long offset, SortedSet<String> tags, Instant begin, Instant end, SortOrder order) {
        this(limit, offset, tags, begin, end, order, TagPermissions.all());
    }

    /** The first {@code limit} hits, newest first, all tags, the whole range. */
    public static LogsPage first(long limit) {
        return new LogsPage(limit, 0, new TreeSet<>(), Instant.MIN, Instant.MAX, SortOrder.NEWEST_FIRST);
    }

    public LogsPage withOffset(long newOffset) {
        return new LogsPage(limit, newOffset, tags, begin, end, order, visible);
    }

    public LogsPage withTags(Set<String> newTags) {
        return new LogsPage(limit, offset, new TreeSet<>(newTags), begin, end, order, visible);
    }

    public LogsPage withWindow(Instant newBegin, Instant newEnd) {
        return new LogsPage(limit, offset, tags, newBegin, newEnd, order, visible);
    }

    public LogsPage withOrder(SortOrder newOrder) {
        return new LogsPage(limit, offset, tags, begin, end, newOrder, visible);
    }

    public LogsPage withLimit(long newLimit) {
        return new LogsPage(newLimit, offset, tags, begin, end, order, visible);
    }

    public LogsPage withVisible(TagPermissions newVisible) {
        return new LogsPage(limit, offset, tags, begin, end, order, newVisible);
    }

    /**
     * The tags to show out of {@code visibleTags} (the search's tags the reader may see): those the page asks for,
     * or all of them; empty when nothing can be shown.
     */
    public SortedSet<String> shownTags(Collection<String> visibleTags) {
        TreeSet<String> shown = new TreeSet<>(visibleTags);
        if (!tags.isEmpty()) {
            shown.retainAll(tags);
        }
        return Collections.unmodifiableSortedSet(shown);
    }
}
