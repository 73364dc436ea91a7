package dev.minerva.core.config;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.format.BoundFormatOptions;
import dev.minerva.spi.LogFormat;

/** One configured source: which locations it matches, the format that parses them, and the tag their records get. */
public record SourceRoute(String name, UriGlob match, String formatName, LogFormat format, BoundFormatOptions options,
        String tag, int maxEntryBytes, String definedAt) {
    public SourceRoute {
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
