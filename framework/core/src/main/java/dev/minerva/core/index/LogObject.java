package dev.minerva.core.index;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.MinervaException;
import dev.minerva.core.warehouse.SourceObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Optional;

/**
 * A log object to index: its location ({@code s3://bucket/key} or {@code file:/path}), size, modification time and
 * version (an S3 ETag, or size and modification time for a local file). The version decides whether a second
 * indexing run has anything to do.
 */
public record LogObject(String location, long size, Optional<Instant> lastModified, String version) {
    public LogObject {
        requireNonNull(location, "location is null");
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(version, "version is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }

    /** The warehouse's view of this object, whose location URI encodes any characters a URI cannot hold. */
    public SourceObject sourceObject() {
        return new SourceObject(uri(location), version);
    }

    static URI uri(String location) {
        int colon = location.indexOf(':');
        if (colon < 1) {
            throw MinervaException.userInput("Not an object location: '" + location + "'; expected s3://bucket/key or file:/path");
        }
        try {
            return new URI(location.substring(0, colon), location.substring(colon + 1), null);
        } catch (URISyntaxException e) {
            throw MinervaException.userInput("Not an object location: '" + location + "': " + e.getMessage());
        }
    }
}
