package dev.minerva.core.input;

import static java.util.Objects.requireNonNull;

/**
 * What the framework checks on every record a format makes, whatever the format: its time within the source's
 * window, and its nesting at most {@code maxDepth} levels of maps and lists, so no later stage (the term walk, the
 * JSON writer, the engine's JSON functions) recurses without a bound.
 */
public record EntryLimits(TimeWindow acceptedTime, int maxDepth) {
    /** Real logs nest a dozen levels at most (CloudTrail's requestParameters); 64 leaves room and bounds the stack. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final EntryLimits DEFAULT = new EntryLimits(TimeWindow.DEFAULT, DEFAULT_MAX_DEPTH);

    public EntryLimits {
        requireNonNull(acceptedTime, "acceptedTime is null");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
        }
    }
}
