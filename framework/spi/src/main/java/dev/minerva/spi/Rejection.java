package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

/**
 * An entry that could not be parsed: why, as a {@link #code() code} (which says, through its kind, whose fault it
 * is) and as a {@code reason} for people; where it is; and the start of its raw text (the framework cuts
 * {@code excerpt} to a bound before storing it; it may be empty when there is no text to show).
 */
public record Rejection(ErrorCode code, Position position, String reason, String excerpt) {
    public Rejection {
        requireNonNull(code, "code is null");
        requireNonNull(position, "position is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(excerpt, "excerpt is null");
    }

    /** A rejection with a code, usually a {@link StandardErrorCode} such as {@code NOT_JSON}. */
    public Rejection(ErrorCodeSupplier code, Position position, String reason, String excerpt) {
        this(requireNonNull(code, "code is null").toErrorCode(), position, reason, excerpt);
    }

    /** A rejection with no more precise code than {@link StandardErrorCode#MALFORMED_ENTRY}. */
    public Rejection(Position position, String reason, String excerpt) {
        this(StandardErrorCode.MALFORMED_ENTRY, position, reason, excerpt);
    }

    /** Whose fault the rejection is; the kind of its code. */
    public ErrorKind kind() {
        return code.kind();
    }
}
