package dev.minerva.spi;

import static java.util.Objects.requireNonNull;

/** One line of text without its line terminator, and its 1-based number in the object. */
public record Line(long number, String text) {
    public Line {
        if (number < 1) {
            throw new IllegalArgumentException("line number must be at least 1: " + number);
        }
        requireNonNull(text, "text is null");
    }
}
