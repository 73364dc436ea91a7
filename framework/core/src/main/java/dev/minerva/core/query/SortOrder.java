package dev.minerva.core.query;

/** The order of hits by timestamp. */
public enum SortOrder {
    NEWEST_FIRST,
    OLDEST_FIRST
}
