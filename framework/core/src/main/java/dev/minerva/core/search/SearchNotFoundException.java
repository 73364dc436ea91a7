package dev.minerva.core.search;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;

/** No search has this id: it never existed or has expired (the API answers 404). */
public final class SearchNotFoundException extends MinervaException {
    private static final long serialVersionUID = 1L;

    public SearchNotFoundException(SearchId id) {
        super(CoreErrorCode.SEARCH_NOT_FOUND, "Search result is not found: " + id);
    }
}
