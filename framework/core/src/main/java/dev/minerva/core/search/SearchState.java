package dev.minerva.core.search;

/** Where a search is in its life; a cancelled search is FAILED with a reason saying so, as in the original API. */
public enum SearchState {
    RUNNING,
    SUCCEEDED,
    FAILED
}
