package dev.minerva.core.search;

import com.google.inject.ImplementedBy;
import java.util.Optional;

/**
 * The searches the API serves: start one, read its status, page and histogram, cancel it. {@link SearchService}
 * keeps them in memory and runs them on an executor (one process: the CLI, {@code minerva serve});
 * {@link AthenaSearches} keeps nothing in memory, so any Lambda invocation can answer for any search.
 *
 * <p>A search another caller may not see, that never existed or that expired is absent: {@link #status} is empty
 * and the other reads throw {@link SearchNotFoundException}.
 */
// The default binding keeps the local Guice modules working unchanged; AthenaSearchModule binds its own.
@ImplementedBy(SearchService.class)
public interface Searches {
    /** Validates and starts a search; a query syntax error or an empty range fails here, as USER_INPUT. */
    SearchId start(SearchRequest request);

    /** The search's status, or empty when no such search exists (never did, or expired). */
    Optional<SearchStatus> status(SearchId id);

    /** Requests cancellation; the search becomes FAILED ("Cancelled") once its statement stops. */
    SearchStatus cancel(SearchId id);

    /** A page of a finished search's hits with its counts; empty, with zero counts, until the search SUCCEEDED. */
    LogsResult logs(SearchId id, LogsPage page);

    /** Hits per tag in {@link Timeseries#BINS} equal bins over the searched range; no tags until SUCCEEDED. */
    Timeseries timeseries(SearchId id);
}
