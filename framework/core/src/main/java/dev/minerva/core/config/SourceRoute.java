package dev.minerva.core.config;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.format.BoundFormatOptions;
import dev.minerva.core.input.TimeWindow;
import dev.minerva.spi.LogFormat;

/**
 * One configured source: which locations it matches, the format that parses them, the tag their records get, and
 * the record times it accepts.
 */
public record SourceRoute(String name, UriGlob match, String formatName, LogFormat format, BoundFormatOptions options,
        String tag, int maxEntryBytes, TimeWindow acceptedTime, String definedAt) {
    /** A source accepting the default time window. */
    public SourceRoute(String name, UriGlob match, String formatName, LogFormat format, BoundFormatOptions options,
            String tag, int maxEntryBytes, String definedAt) {
        this(name, match, formatName, format, options, tag, maxEntryBytes, TimeWindow.DEFAULT, definedAt);
    }

    public SourceRoute {
        requireNonNull(acceptedTime, "acceptedTime is null");
        requireNonNull(name, "name is null");
        requireNonNull(match, "match is null");
        requireNonNull(formatName, "formatName is null");
        requireNonNull(format, "format is null");
        requireNonNull(options, "options is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(definedAt, "definedAt is null");
        if (maxEntryBytes < 1) {
            throw new IllegalArgumentException("maxEntryBytes must be positive: " + maxEntryBytes);
        }
    }
}
