package dev.minerva.core.query;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;
import java.time.Instant;

/** The half-open interval [from, to) of record timestamps. */
public record TimeRange(Instant from, Instant to) {
    public TimeRange {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (!from.isBefore(to)) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "Time range is empty: start " + from + " must be before end " + to);
        }
    }

    /** The overlap of both ranges; a range that does not overlap this one is a user error. */
    public TimeRange intersect(TimeRange other) {
        Instant start = from.isAfter(other.from) ? from : other.from;
        Instant end = to.isBefore(other.to) ? to : other.to;
        if (!start.isBefore(end)) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "Time window " + other.from + " to " + other.to
                    + " lies outside the searched range " + from + " to " + to);
        }
        return new TimeRange(start, end);
    }
}
