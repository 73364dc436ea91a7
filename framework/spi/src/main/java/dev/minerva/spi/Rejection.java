package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

/**
 * An entry that could not be parsed: where it is, why it was refused, and the start of its raw text (the framework
 * cuts {@code excerpt} to a bound before storing it; it may be empty when there is no text to show).
 */
public record Rejection(Position position, String reason, String excerpt) {
    public Rejection {
        requireNonNull(position, "position is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(excerpt, "excerpt is null");
    }
}
