package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One object in warehouse storage: its key, its size in bytes and when it was last written. */
public record StoredObject(String key, long size, Instant lastModified) {
    public StoredObject {
        requireNonNull(key, "key is null");
        requireNonNull(lastModified, "lastModified is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }
}
