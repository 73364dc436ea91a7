package dev.minerva.core.search;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;

/** No search has this id: it never existed or has expired (the API answers 404). */
public final class SearchNotFoundException extends MinervaException {
    private static final long serialVersionUID = 1L;

    public SearchNotFoundException(SearchId id) {
        super(ErrorKind.USER_INPUT, "Search result is not found: " + id);
    }
}
