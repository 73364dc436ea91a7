package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;

/** One page of hits: at most {@code limit} rows after skipping {@code offset}, in {@code order}. */
public record PageRequest(long limit, long offset, SortOrder order) {
    /** The largest page the original API allowed. */
    public static final long MAX_LIMIT = 10_000;

    public PageRequest {
        requireNonNull(order, "order is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "offset must not be negative, got " + offset);
        }
    }
}
